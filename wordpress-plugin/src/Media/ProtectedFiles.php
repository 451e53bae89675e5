<?php
/**
 * Moves an attachment's files (the original, every generated size, the pre-scaling original and edit
 * backups) out of their public uploads URLs into a protected folder, and back, without losing any.
 *
 * The folder is inside the uploads directory (the one place WordPress can always write), under a random
 * name no URL points to, with deny rules for Apache and IIS; nginx serves nothing from it unless asked to,
 * since nobody knows the name. A rename within one filesystem is atomic, so a file is always in exactly one
 * of the two places; the list of moved files is written before the first move, so an interrupted move is
 * finished or undone by the next call.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Media;

defined( 'ABSPATH' ) || exit;

class ProtectedFiles {

	/** On an attachment: the moved files, relative to the uploads directory. Kept on uninstall (see Installer). */
	public const META = '_likeness_protected_files';
	/** The random name of the protected folder. */
	public const FOLDER_OPTION = 'likeness_protected_folder';

	public function is_protected( int $attachment_id ): bool {
		return array() !== $this->moved( $attachment_id );
	}

	/** @return string[] The attachment's moved files, relative to the uploads directory. */
	public function moved( int $attachment_id ): array {
		$files = get_post_meta( $attachment_id, self::META, true );
		return is_array( $files ) ? array_values( array_filter( $files, 'is_string' ) ) : array();
	}

	/**
	 * Takes the attachment's files off their public URLs.
	 *
	 * @return string[] The public URLs that stopped answering (for CDN purges).
	 */
	public function protect( int $attachment_id ): array {
		$files = array_values( array_unique( array_merge( $this->moved( $attachment_id ), $this->files_of( $attachment_id ) ) ) );
		$base  = $this->uploads_dir();
		if ( ! $files || null === $base ) {
			return array();
		}
		update_post_meta( $attachment_id, self::META, $files );
		$urls = array();
		foreach ( $files as $file ) {
			$public  = $base . '/' . $file;
			$private = $this->private_path( $attachment_id, $file );
			if ( ! is_file( $public ) || ! wp_mkdir_p( dirname( $private ) ) ) {
				continue;
			}
			// phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename -- an atomic move inside uploads; WP_Filesystem may be FTP.
			if ( @rename( $public, $private ) ) {
				$urls[] = $this->uploads_url() . '/' . str_replace( '%2F', '/', rawurlencode( $file ) );
			}
		}
		return $urls;
	}

	/** Puts the attachment's files back at their public URLs. A file that was replaced there meanwhile stays protected. */
	public function restore( int $attachment_id ): bool {
		$files = $this->moved( $attachment_id );
		$base  = $this->uploads_dir();
		if ( ! $files || null === $base ) {
			return false;
		}
		$left = array();
		foreach ( $files as $file ) {
			$public  = $base . '/' . $file;
			$private = $this->private_path( $attachment_id, $file );
			if ( ! is_file( $private ) ) {
				continue;
			}
			// phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename -- see protect().
			if ( file_exists( $public ) || ! wp_mkdir_p( dirname( $public ) ) || ! @rename( $private, $public ) ) {
				$left[] = $file;
			}
		}
		if ( $left ) {
			update_post_meta( $attachment_id, self::META, $left );
			return false;
		}
		delete_post_meta( $attachment_id, self::META );
		$this->remove_empty_dirs( $this->root() . '/' . $attachment_id );
		return true;
	}

	/** The protected copy of one of the attachment's files, by its file name (for editors' previews). */
	public function private_file( int $attachment_id, string $name ): ?string {
		foreach ( $this->moved( $attachment_id ) as $file ) {
			if ( wp_basename( $file ) === $name ) {
				$path = $this->private_path( $attachment_id, $file );
				return is_file( $path ) ? $path : null;
			}
		}
		return null;
	}

	/**
	 * Every file WordPress keeps for the attachment, relative to the uploads directory.
	 *
	 * @return string[]
	 */
	public function files_of( int $attachment_id ): array {
		$main = (string) get_post_meta( $attachment_id, '_wp_attached_file', true );
		$base = $this->uploads_dir();
		if ( '' === $main || null === $base ) {
			return array();
		}
		if ( path_is_absolute( $main ) ) {
			// Very old attachments store an absolute path; only files inside uploads can be moved.
			if ( 0 !== strpos( $main, $base . '/' ) ) {
				return array();
			}
			$main = substr( $main, strlen( $base ) + 1 );
		}
		$dir   = dirname( $main );
		$names = array( wp_basename( $main ) );
		$meta  = wp_get_attachment_metadata( $attachment_id );
		if ( is_array( $meta ) ) {
			$names = array_merge( $names, self::names_in( $meta ) );
		}
		$backups = get_post_meta( $attachment_id, '_wp_attachment_backup_sizes', true );
		foreach ( is_array( $backups ) ? $backups : array() as $backup ) {
			if ( is_array( $backup ) && isset( $backup['file'] ) ) {
				$names[] = (string) $backup['file'];
			}
		}
		$files = array();
		foreach ( array_unique( $names ) as $name ) {
			// Names come from metadata: nothing may climb out of the attachment's folder.
			if ( '' !== $name && wp_basename( $name ) === $name && '.' !== $name[0] ) {
				$files[] = ( '.' === $dir ? '' : $dir . '/' ) . $name;
			}
		}
		return $files;
	}

	/**
	 * File names in attachment metadata: sizes, the original before scaling, and other formats of each.
	 *
	 * @param array $meta wp_get_attachment_metadata().
	 * @return string[]
	 */
	private static function names_in( array $meta ): array {
		$names = isset( $meta['original_image'] ) ? array( (string) $meta['original_image'] ) : array();
		foreach ( is_array( $meta['sizes'] ?? null ) ? $meta['sizes'] : array() as $size ) {
			if ( is_array( $size ) && isset( $size['file'] ) ) {
				$names = array_merge( $names, array( wp_basename( (string) $size['file'] ) ), self::other_formats( $size ) );
			}
		}
		return array_merge( $names, self::other_formats( $meta ) );
	}

	/**
	 * Extra formats of one image (e.g. WebP beside JPEG), as WordPress 6.1+ or the Performance Lab plugin record them.
	 *
	 * @param array $entry The attachment's metadata, or one of its sizes.
	 * @return string[]
	 */
	private static function other_formats( array $entry ): array {
		$names = array();
		foreach ( is_array( $entry['sources'] ?? null ) ? $entry['sources'] : array() as $source ) {
			if ( is_array( $source ) && isset( $source['file'] ) ) {
				$names[] = wp_basename( (string) $source['file'] );
			}
		}
		return $names;
	}

	private function private_path( int $attachment_id, string $file ): string {
		return $this->root() . '/' . $attachment_id . '/' . $file;
	}

	/** The protected folder, created with its deny rules on first use. */
	public function root(): string {
		$name = (string) get_option( self::FOLDER_OPTION, '' );
		if ( ! preg_match( '/^likeness-protected-[a-z0-9]{32}$/', $name ) ) {
			$name = 'likeness-protected-' . strtolower( wp_generate_password( 32, false ) );
			update_option( self::FOLDER_OPTION, $name, true );
		}
		$root = $this->uploads_dir() . '/' . $name;
		if ( null !== $this->uploads_dir() && ! is_file( $root . '/index.php' ) && wp_mkdir_p( $root ) ) {
			$rules = array(
				'index.php'  => "<?php\n// Silence is golden.\n",
				'.htaccess'  => "Options -Indexes\n<IfModule mod_authz_core.c>\nRequire all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\nDeny from all\n</IfModule>\n",
				'web.config' => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration><system.webServer><authorization><deny users=\"*\" /></authorization></system.webServer></configuration>\n",
			);
			foreach ( $rules as $file => $content ) {
				// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- as wp_upload_bits() does.
				file_put_contents( $root . '/' . $file, $content );
			}
		}
		return $root;
	}

	private function uploads_dir(): ?string {
		$uploads = wp_get_upload_dir();
		return empty( $uploads['error'] ) && '' !== (string) $uploads['basedir'] ? untrailingslashit( (string) $uploads['basedir'] ) : null;
	}

	private function uploads_url(): string {
		return untrailingslashit( (string) wp_get_upload_dir()['baseurl'] );
	}

	private function remove_empty_dirs( string $dir ): void {
		if ( ! is_dir( $dir ) ) {
			return;
		}
		foreach ( (array) scandir( $dir ) as $entry ) {
			if ( '.' !== $entry && '..' !== $entry && is_dir( $dir . '/' . $entry ) ) {
				$this->remove_empty_dirs( $dir . '/' . $entry );
			}
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir -- only ever an empty folder of ours.
		@rmdir( $dir );
	}
}
