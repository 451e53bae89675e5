<?php
/**
 * Imports an approved Likeness asset into the Media Library, linked to its asset.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Media;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class Importer {

	private Settings $settings;
	private Client $client;
	private AssetLinks $links;

	public function __construct( Settings $settings, Client $client, AssetLinks $links ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->links    = $links;
	}

	/**
	 * Imports the asset (or returns the attachment it was imported as before).
	 *
	 * @param int $post_id Post the upload belongs to (0: none).
	 * @return int|\WP_Error The attachment id.
	 */
	public function import( string $asset_id, int $post_id = 0 ) {
		$existing = $this->links->attachment_for_asset( $asset_id );
		if ( null !== $existing ) {
			return $existing;
		}
		try {
			$asset = $this->client->get_asset( $asset_id );
		} catch ( ApiException $e ) {
			return new \WP_Error( 'likeness_' . $e->error_code(), $e->getMessage(), array( 'status' => 404 === $e->status() ? 404 : 502 ) );
		}
		if ( ! $this->approved_in_channel( $asset ) ) {
			return new \WP_Error( 'likeness_not_approved', __( 'This image is not approved for this site\'s channel and cannot be imported.', 'likeness' ), array( 'status' => 409 ) );
		}

		require_once ABSPATH . 'wp-admin/includes/file.php';
		require_once ABSPATH . 'wp-admin/includes/media.php';
		require_once ABSPATH . 'wp-admin/includes/image.php';

		try {
			$download = $this->client->download( $asset_id, 'original' );
		} catch ( ApiException $e ) {
			return new \WP_Error( 'likeness_download_failed', $e->getMessage(), array( 'status' => 502 ) );
		}
		if ( isset( $asset['sha256'] ) && hash_file( 'sha256', $download['file'] ) !== $asset['sha256'] ) {
			wp_delete_file( $download['file'] );
			return new \WP_Error( 'likeness_download_failed', __( 'The downloaded file does not match the image bank\'s checksum.', 'likeness' ), array( 'status' => 502 ) );
		}

		$file = array(
			'name'     => $this->file_name( $asset ),
			'tmp_name' => $download['file'],
		);
		$title         = isset( $asset['title'] ) && '' !== (string) $asset['title'] ? (string) $asset['title'] : pathinfo( $file['name'], PATHINFO_FILENAME );
		// Linked below from the asset itself: no lookup by hash on this upload.
		add_filter( 'likeness_link_on_upload', '__return_false' );
		$attachment_id = media_handle_sideload( $file, $post_id, $title );
		remove_filter( 'likeness_link_on_upload', '__return_false' );
		if ( is_file( $download['file'] ) ) {
			wp_delete_file( $download['file'] );
		}
		if ( is_wp_error( $attachment_id ) ) {
			return $attachment_id;
		}
		update_post_meta( $attachment_id, '_likeness_sha256', (string) ( $asset['sha256'] ?? '' ) );
		$this->links->link( (int) $attachment_id, $asset_id, 'import', isset( $asset['publicId'] ) ? (string) $asset['publicId'] : null );
		return (int) $attachment_id;
	}

	/** Approved (or expiring, which is still approved) in the site's channel, now. */
	public function approved_in_channel( array $asset ): bool {
		foreach ( (array) ( $asset['statuses'] ?? array() ) as $status ) {
			if ( is_array( $status ) && ( $status['channel'] ?? null ) === $this->settings->channel() ) {
				return ! empty( $status['approved'] );
			}
		}
		return false;
	}

	private function file_name( array $asset ): string {
		$name = sanitize_file_name( (string) ( $asset['originalName'] ?? '' ) );
		if ( '' === $name || '' === pathinfo( $name, PATHINFO_EXTENSION ) ) {
			$extensions = array(
				'image/jpeg' => 'jpg',
				'image/png'  => 'png',
				'image/gif'  => 'gif',
				'image/webp' => 'webp',
				'video/mp4'  => 'mp4',
			);
			$name = 'likeness-' . substr( (string) $asset['id'], 0, 8 ) . '.' . ( $extensions[ $asset['contentType'] ?? '' ] ?? 'jpg' );
		}
		return $name;
	}
}
