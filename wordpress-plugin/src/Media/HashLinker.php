<?php
/**
 * Finds the Likeness asset of an existing attachment by its file's SHA-256.
 *
 * The API has no lookup by hash, so the file name is tried first (one query), then the image bank is read
 * page by page (200 a page) into a hash index kept for a few minutes, for bulk linking.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Media;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;

defined( 'ABSPATH' ) || exit;

class HashLinker {

	private const INDEX_TRANSIENT = 'likeness_sha_index';

	private Client $client;
	private AssetLinks $links;

	/** @var array<string, string>|null sha256 → asset id, for this request. */
	private ?array $index = null;

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
	 * @param bool $full_scan Also read the whole image bank when the file name does not find it.
	 * @return string|null|\WP_Error The asset id, null when no asset has this file.
	 * @throws ApiException Never: failures become WP_Error.
	 */
	public function link_by_hash( int $attachment_id, bool $full_scan = true ) {
		$hash = $this->file_hash( $attachment_id );
		if ( null === $hash ) {
			return new \WP_Error( 'likeness_no_file', __( 'The attachment\'s file could not be read.', 'likeness' ), array( 'status' => 404 ) );
		}
		try {
			$asset_id = $this->find_by_name( $attachment_id, $hash );
			if ( null === $asset_id && $full_scan ) {
				$asset_id = $this->hash_index()[ $hash ] ?? null;
			}
		} catch ( ApiException $e ) {
			return new \WP_Error( 'likeness_' . $e->error_code(), $e->getMessage(), array( 'status' => 502 ) );
		}
		if ( null !== $asset_id ) {
			update_post_meta( $attachment_id, '_likeness_sha256', $hash );
			$this->links->link( $attachment_id, $asset_id, 'hash' );
		}
		return $asset_id;
	}

	/** Searches by the uploaded file's name and compares hashes. */
	private function find_by_name( int $attachment_id, string $hash ): ?string {
		$file = function_exists( 'wp_get_original_image_path' ) ? wp_get_original_image_path( $attachment_id ) : false;
		$file = $file ? $file : (string) get_attached_file( $attachment_id );
		$name = preg_replace( '/(?:-\d+)?(?:-scaled|-rotated)?$/', '', pathinfo( $file, PATHINFO_FILENAME ) );
		if ( '' === $name ) {
			return null;
		}
		$page = $this->client->list_assets( array( 'q' => mb_substr( $name, 0, 200 ), 'limit' => 50 ) );
		foreach ( (array) ( $page['items'] ?? array() ) as $asset ) {
			if ( is_array( $asset ) && ( $asset['sha256'] ?? null ) === $hash ) {
				return (string) $asset['id'];
			}
		}
		return null;
	}

	/**
	 * sha256 → asset id for the whole image bank, kept ten minutes.
	 *
	 * @return array<string, string>
	 */
	public function hash_index(): array {
		if ( null !== $this->index ) {
			return $this->index;
		}
		$cached = get_transient( self::INDEX_TRANSIENT );
		if ( is_array( $cached ) ) {
			return $this->index = $cached;
		}
		$index  = array();
		$cursor = null;
		for ( $pages = 0; $pages < 500; $pages++ ) {
			$query = array( 'limit' => 200 );
			if ( null !== $cursor ) {
				$query['cursor'] = $cursor;
			}
			$page = $this->client->list_assets( $query );
			foreach ( (array) ( $page['items'] ?? array() ) as $asset ) {
				if ( is_array( $asset ) && isset( $asset['sha256'], $asset['id'] ) ) {
					$index[ (string) $asset['sha256'] ] = (string) $asset['id'];
				}
			}
			$cursor = isset( $page['nextCursor'] ) && is_string( $page['nextCursor'] ) ? $page['nextCursor'] : null;
			if ( null === $cursor ) {
				break;
			}
		}
		set_transient( self::INDEX_TRANSIENT, $index, 10 * MINUTE_IN_SECONDS );
		return $this->index = $index;
	}
}
