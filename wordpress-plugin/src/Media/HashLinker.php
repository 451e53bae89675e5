<?php
/**
 * Finds the Likeness asset of an existing attachment by its file's SHA-256: one indexed lookup on the server.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Media;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;

defined( 'ABSPATH' ) || exit;

class HashLinker {

	private Client $client;
	private AssetLinks $links;

	public function __construct( Client $client, AssetLinks $links ) {
		$this->client = $client;
		$this->links  = $links;
	}

	/** The SHA-256 of the file as uploaded (before WordPress scaled or rotated it). */
	public function file_hash( int $attachment_id ): ?string {
		$file = function_exists( 'wp_get_original_image_path' ) ? wp_get_original_image_path( $attachment_id ) : false;
		if ( ! $file || ! is_readable( $file ) ) {
			$file = get_attached_file( $attachment_id );
		}
		if ( ! $file || ! is_readable( $file ) ) {
			return null;
		}
		$hash = hash_file( 'sha256', $file );
		return false === $hash ? null : $hash;
	}

	/**
	 * Links the attachment to the asset whose file is identical.
	 *
	 * @return string|null|\WP_Error The asset id, null when no asset has this file.
	 * @throws ApiException Never: failures become WP_Error.
	 */
	public function link_by_hash( int $attachment_id ) {
		$hash = $this->file_hash( $attachment_id );
		if ( null === $hash ) {
			return new \WP_Error( 'likeness_no_file', __( 'The attachment\'s file could not be read.', 'likeness' ), array( 'status' => 404 ) );
		}
		try {
			$asset = $this->find_by_hash( $hash );
		} catch ( ApiException $e ) {
			return new \WP_Error( 'likeness_' . $e->error_code(), $e->getMessage(), array( 'status' => 502 ) );
		}
		if ( null === $asset ) {
			return null;
		}
		update_post_meta( $attachment_id, '_likeness_sha256', $hash );
		$this->links->link( $attachment_id, (string) $asset['id'], 'hash', isset( $asset['publicId'] ) ? (string) $asset['publicId'] : null );
		return (string) $asset['id'];
	}

	/** The asset whose original has exactly these bytes. */
	private function find_by_hash( string $hash ): ?array {
		$page  = $this->client->list_assets( array( 'sha256' => $hash, 'limit' => 1 ) );
		$items = (array) ( $page['items'] ?? array() );
		$first = $items[0] ?? null;
		return is_array( $first ) && isset( $first['id'] ) ? $first : null;
	}
}
