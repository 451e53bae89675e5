<?php
/**
 * No back door through the uploads folder: when a linked attachment stops being approved, its files stop
 * answering at their public URLs (ProtectedFiles moves them away), and they come back when it is approved
 * again. Decided wherever a decision is made: a signed webhook, a page render, a link or unlink, and a
 * sweep every five minutes (which also catches leases that ran out while the server was unreachable).
 *
 * Editors keep seeing the files in wp-admin (the Media Library) through a preview URL that checks their
 * capability. Only answers that came from the server (now or cached) move files: an attachment never
 * known to the server is hidden in markup but its files stay where they are.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Media;

use Likeness\WordPress\Frontend\AttachmentResolver;
use Likeness\WordPress\Frontend\Enforcer;
use Likeness\WordPress\Status\Decision;
use Likeness\WordPress\Status\StatusService;

defined( 'ABSPATH' ) || exit;

class UploadGuard {

	public const SWEEP_HOOK     = 'likeness_sweep_uploads';
	public const SWEEP_INTERVAL = 'likeness_five_minutes';
	public const PREVIEW_ACTION = 'likeness_protected_file';

	private ProtectedFiles $files;
	private AssetLinks $links;
	private AttachmentResolver $resolver;
	private Enforcer $enforcer;
	private StatusService $status;

	public function __construct( ProtectedFiles $files, AssetLinks $links, AttachmentResolver $resolver, Enforcer $enforcer, StatusService $status ) {
		$this->files    = $files;
		$this->links    = $links;
		$this->resolver = $resolver;
		$this->enforcer = $enforcer;
		$this->status   = $status;
	}

	public function register(): void {
		add_action( 'likeness_attachments_decided', array( $this, 'sync' ) );
		add_action( 'likeness_status_changed', array( $this, 'status_changed' ), 10, 2 );
		add_action( 'likeness_attachment_linked', array( $this, 'linked' ), 10, 3 );
		add_action( 'delete_attachment', array( $this, 'before_delete' ), 1 );
		// phpcs:ignore WordPress.WP.CronInterval.CronSchedulesInterval -- five minutes: how late a lease that ran out offline may hide files.
		add_filter( 'cron_schedules', array( $this, 'cron_schedules' ) );
		add_action( self::SWEEP_HOOK, array( $this, 'sweep' ) );
		add_action( 'init', array( $this, 'schedule' ) );
		add_filter( 'wp_get_attachment_url', array( $this, 'attachment_url' ), 20, 2 );
		add_filter( 'image_downsize', array( $this, 'downsize' ), 20, 3 );
		add_filter( 'wp_calculate_image_srcset', array( $this, 'srcset' ), 20, 5 );
		add_action( 'wp_ajax_' . self::PREVIEW_ACTION, array( $this, 'serve_preview' ) );
	}

	/**
	 * Moves the files of attachments that may not be shown, and restores those that may again.
	 *
	 * @param array<int, Decision> $decisions Attachment id → decision.
	 * @param bool                 $retry     Also move what an interrupted earlier move left behind.
	 */
	public function sync( $decisions, bool $retry = false ): void {
		foreach ( is_array( $decisions ) ? $decisions : array() as $attachment_id => $decision ) {
			if ( ! $decision instanceof Decision || null === $decision->asset_id || 'none' === $decision->source ) {
				continue;
			}
			if ( ! $decision->visible ) {
				$this->hide( (int) $attachment_id, $retry );
			} elseif ( $this->files->is_protected( (int) $attachment_id ) && $this->files->restore( (int) $attachment_id ) ) {
				/**
				 * Fires when an approved attachment's files are back at their public URLs.
				 *
				 * @param int $attachment_id The attachment.
				 */
				do_action( 'likeness_files_restored', (int) $attachment_id );
			}
		}
	}

	/**
	 * A signed status change: the attachments of that asset are decided again at once. For an asset not cached
	 * here the event has no baseline to be ordered against, so only a hiding one is acted on (failing closed;
	 * the next decision or sweep asks the server).
	 *
	 * @param array $event   The StatusChangedEvent.
	 * @param bool  $applied Whether it changed the cache.
	 */
	public function status_changed( $event, $applied = false ): void {
		$asset_id = is_array( $event ) ? (string) ( $event['assetId'] ?? '' ) : '';
		$ids      = '' === $asset_id ? array() : $this->links->attachments_for_asset( $asset_id );
		if ( ! $ids ) {
			return;
		}
		if ( $applied || $this->status->is_cached( $asset_id ) ) {
			$this->resolver->decide_attachments( $ids );
		} elseif ( empty( $event['visible'] ) ) {
			foreach ( $ids as $id ) {
				$this->hide( $id, false );
			}
		}
	}

	private function hide( int $attachment_id, bool $retry ): void {
		$protected = $this->files->is_protected( $attachment_id );
		if ( $protected && ! $retry ) {
			return;
		}
		$urls = $this->files->protect( $attachment_id );
		if ( $protected && ! $urls ) {
			return; // A retry that found nothing left to move.
		}
		/**
		 * Fires when a hidden attachment's files were taken off their public URLs. Hook in to purge a CDN.
		 *
		 * @param int      $attachment_id The attachment.
		 * @param string[] $urls          The URLs that stopped answering.
		 */
		do_action( 'likeness_files_protected', $attachment_id, $urls );
	}

	/**
	 * Linked by hash or by hand: decided now, since the asset may be withdrawn already (an import was just seen
	 * approved). Unlinked: the files go back, since only linked attachments are guarded.
	 *
	 * @param int    $attachment_id The attachment.
	 * @param string $asset_id      The asset, or '' when unlinked.
	 * @param string $source        import, hash, manual or unlink.
	 */
	public function linked( $attachment_id, $asset_id, $source = '' ): void {
		if ( '' === (string) $asset_id ) {
			$this->files->restore( (int) $attachment_id );
		} elseif ( 'import' !== $source ) {
			$this->resolver->decide_attachments( array( (int) $attachment_id ) );
		}
	}

	/** WordPress deletes an attachment's files from where they belong: they are put back first; what cannot be, goes. */
	public function before_delete( $attachment_id ): void {
		$attachment_id = (int) $attachment_id;
		if ( ! $this->files->is_protected( $attachment_id ) || $this->files->restore( $attachment_id ) ) {
			return;
		}
		foreach ( $this->files->moved( $attachment_id ) as $file ) {
			$path = $this->files->private_file( $attachment_id, wp_basename( $file ) );
			if ( null !== $path ) {
				wp_delete_file( $path );
			}
		}
		$this->files->restore( $attachment_id );
	}

	public function cron_schedules( $schedules ) {
		$schedules                         = is_array( $schedules ) ? $schedules : array();
		$schedules[ self::SWEEP_INTERVAL ] = array(
			'interval' => 5 * MINUTE_IN_SECONDS,
			'display'  => __( 'Every five minutes', 'likeness' ),
		);
		return $schedules;
	}

	public function schedule(): void {
		if ( ! wp_next_scheduled( self::SWEEP_HOOK ) ) {
			wp_schedule_event( time() + 5 * MINUTE_IN_SECONDS, self::SWEEP_INTERVAL, self::SWEEP_HOOK );
		}
	}

	/** Every linked attachment, 500 at a time (one status call each when the cache is stale). */
	public function sweep(): void {
		global $wpdb;
		$after = 0;
		do {
			$ids = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND post_id > %d ORDER BY post_id LIMIT 500", AssetLinks::ASSET_META, $after ) ) );
			if ( $ids ) {
				$this->sync( $this->resolver->decide_attachments( $ids ), true );
				$after = end( $ids );
			}
		} while ( 500 === count( $ids ) );
	}

	/** In wp-admin and the editor, a protected file is shown through the preview URL. */
	public function attachment_url( $url, $attachment_id ) {
		return is_string( $url ) && $this->previews( (int) $attachment_id ) ? $this->preview_url( (int) $attachment_id, wp_basename( $url ) ) : $url;
	}

	/** Sizes of a protected image for editors: WordPress would build their URLs from the uploads folder. */
	public function downsize( $out, $attachment_id, $size ) {
		$attachment_id = (int) $attachment_id;
		if ( false !== $out || ! wp_attachment_is_image( $attachment_id ) || ! $this->previews( $attachment_id ) ) {
			return $out;
		}
		$sized = image_get_intermediate_size( $attachment_id, $size );
		if ( is_array( $sized ) && ! empty( $sized['file'] ) ) {
			return array( $this->preview_url( $attachment_id, wp_basename( (string) $sized['file'] ) ), (int) $sized['width'], (int) $sized['height'], true );
		}
		$meta = wp_get_attachment_metadata( $attachment_id );
		return array( wp_get_attachment_url( $attachment_id ), (int) ( $meta['width'] ?? 0 ), (int) ( $meta['height'] ?? 0 ), false );
	}

	/** A srcset of a protected image would list uploads URLs that no longer answer. */
	public function srcset( $sources, $size_array, $image_src, $image_meta, $attachment_id ) {
		return $this->files->is_protected( (int) $attachment_id ) ? false : $sources;
	}

	/** admin-ajax.php?action=likeness_protected_file: a protected file, to a signed-in user who may edit it. */
	public function serve_preview(): void {
		$attachment_id = isset( $_GET['attachment'] ) ? absint( $_GET['attachment'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a read, checked by capability.
		$name          = isset( $_GET['file'] ) ? sanitize_file_name( wp_unslash( $_GET['file'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( ! $attachment_id || ! current_user_can( 'edit_post', $attachment_id ) ) {
			wp_die( '', '', array( 'response' => 403 ) );
		}
		$path = $this->files->private_file( $attachment_id, $name );
		if ( null === $path ) {
			wp_die( '', '', array( 'response' => 404 ) );
		}
		$type = wp_check_filetype( $path )['type'];
		nocache_headers();
		header( 'Content-Type: ' . ( $type ? $type : 'application/octet-stream' ) );
		header( 'Content-Length: ' . (string) filesize( $path ) );
		header( 'X-Content-Type-Options: nosniff' );
		header( "Content-Security-Policy: default-src 'none'" );
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_readfile -- streams the file without loading it into memory.
		readfile( $path );
		exit;
	}

	/**
	 * Previews only in wp-admin (its screens and admin-ajax, e.g. the Media Library): never in REST answers, whose
	 * URLs the block editor writes into post content, where a preview URL would outlive the protection.
	 */
	private function previews( int $attachment_id ): bool {
		return is_admin() && ! $this->enforcer->is_enforcing() && $this->files->is_protected( $attachment_id ) && current_user_can( 'edit_post', $attachment_id );
	}

	private function preview_url( int $attachment_id, string $name ): string {
		return add_query_arg(
			array(
				'action'     => self::PREVIEW_ACTION,
				'attachment' => $attachment_id,
				'file'       => rawurlencode( $name ),
			),
			admin_url( 'admin-ajax.php' )
		);
	}
}
