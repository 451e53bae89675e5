<?php
/**
 * Links between attachments and Likeness assets (attachment post meta), and between posts and the assets they use.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Media;

use Likeness\WordPress\Status\StatusService;

defined( 'ABSPATH' ) || exit;

class AssetLinks {

	/** On an attachment: its Likeness asset id. */
	public const ASSET_META = '_likeness_asset_id';
	/** On an attachment: how it was linked (import, hash, manual). */
	public const SOURCE_META = '_likeness_link_source';
	/** On an attachment: its asset's public id, for consent-enforced delivery URLs. */
	public const PUBLIC_ID_META = '_likeness_public_id';
	/** On a post: one row per Likeness asset it uses (for purging when a status changes). */
	public const POST_ASSET_META = '_likeness_asset';
	/** On a post: one row per attachment it uses (to report again when an attachment is linked). */
	public const POST_ATTACHMENT_META = '_likeness_attachment';

	/**
	 * Asset ids of attachments, in one meta query.
	 *
	 * @param int[] $attachment_ids Attachment ids.
	 * @return array<int, string> Attachment id → asset id, for linked ones only.
	 */
	public function asset_ids( array $attachment_ids ): array {
		$attachment_ids = array_values( array_unique( array_filter( array_map( 'intval', $attachment_ids ) ) ) );
		if ( ! $attachment_ids ) {
			return array();
		}
		update_meta_cache( 'post', $attachment_ids );
		$links = array();
		foreach ( $attachment_ids as $id ) {
			$asset = (string) get_post_meta( $id, self::ASSET_META, true );
			if ( '' !== $asset && StatusService::valid_id( $asset ) ) {
				$links[ $id ] = $asset;
			}
		}
		return $links;
	}

	public function asset_id( int $attachment_id ): ?string {
		return $this->asset_ids( array( $attachment_id ) )[ $attachment_id ] ?? null;
	}

	/**
	 * @param string      $source    import, hash or manual.
	 * @param string|null $public_id The asset's publicId, when the caller has the asset at hand.
	 */
	public function link( int $attachment_id, string $asset_id, string $source, ?string $public_id = null ): void {
		update_post_meta( $attachment_id, self::ASSET_META, $asset_id );
		update_post_meta( $attachment_id, self::SOURCE_META, $source );
		$this->set_public_id( $attachment_id, $public_id );
		/**
		 * Fires when an attachment is linked to a Likeness asset.
		 *
		 * @param int    $attachment_id Attachment.
		 * @param string $asset_id      Likeness asset.
		 * @param string $source        import, hash or manual.
		 */
		do_action( 'likeness_attachment_linked', $attachment_id, $asset_id, $source );
	}

	public function unlink( int $attachment_id ): void {
		delete_post_meta( $attachment_id, self::ASSET_META );
		delete_post_meta( $attachment_id, self::SOURCE_META );
		delete_post_meta( $attachment_id, self::PUBLIC_ID_META );
		do_action( 'likeness_attachment_linked', $attachment_id, '', 'unlink' );
	}

	/** The asset's public id (32 hex digits), or null when not known here yet. */
	public function public_id( int $attachment_id ): ?string {
		$id = (string) get_post_meta( $attachment_id, self::PUBLIC_ID_META, true );
		return preg_match( '/^[0-9a-f]{32}$/', $id ) ? $id : null;
	}

	public function set_public_id( int $attachment_id, ?string $public_id ): void {
		if ( null !== $public_id && preg_match( '/^[0-9a-f]{32}$/', $public_id ) ) {
			update_post_meta( $attachment_id, self::PUBLIC_ID_META, $public_id );
		} else {
			delete_post_meta( $attachment_id, self::PUBLIC_ID_META );
		}
	}

	/** The attachment already linked to an asset, if any. */
	public function attachment_for_asset( string $asset_id ): ?int {
		$ids = get_posts(
			array(
				'post_type'      => 'attachment',
				'post_status'    => 'inherit',
				'posts_per_page' => 1,
				'fields'         => 'ids',
				'meta_key'       => self::ASSET_META, // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value'     => $asset_id, // phpcs:ignore WordPress.DB.SlowDBQuery
				'no_found_rows'  => true,
			)
		);
		return $ids ? (int) $ids[0] : null;
	}

	/**
	 * Remembers what a post uses, as post meta rows that can be queried by value.
	 *
	 * @param int[]    $attachment_ids Attachments in the post.
	 * @param string[] $asset_ids      Their assets.
	 */
	public function remember_post( int $post_id, array $attachment_ids, array $asset_ids ): void {
		$this->replace_rows( $post_id, self::POST_ATTACHMENT_META, array_map( 'strval', $attachment_ids ) );
		$this->replace_rows( $post_id, self::POST_ASSET_META, $asset_ids );
	}

	/**
	 * Posts (any type and status) that use an asset, or an attachment.
	 *
	 * @return int[]
	 */
	public function posts_using_asset( string $asset_id ): array {
		return $this->posts_with( self::POST_ASSET_META, $asset_id );
	}

	/** @return int[] */
	public function posts_using_attachment( int $attachment_id ): array {
		return $this->posts_with( self::POST_ATTACHMENT_META, (string) $attachment_id );
	}

	/** @return int[] Attachments linked to the asset. */
	public function attachments_for_asset( string $asset_id ): array {
		return array_map(
			'intval',
			get_posts(
				array(
					'post_type'      => 'attachment',
					'post_status'    => 'any',
					'posts_per_page' => -1,
					'fields'         => 'ids',
					'meta_key'       => self::ASSET_META, // phpcs:ignore WordPress.DB.SlowDBQuery
					'meta_value'     => $asset_id, // phpcs:ignore WordPress.DB.SlowDBQuery
					'no_found_rows'  => true,
				)
			)
		);
	}

	/** @return int[] */
	private function posts_with( string $key, string $value ): array {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value = %s", $key, $value ) );
		return array_map( 'intval', (array) $ids );
	}

	/**
	 * @param string[] $values New set of values.
	 */
	private function replace_rows( int $post_id, string $key, array $values ): void {
		$values  = array_values( array_unique( array_filter( $values, 'strlen' ) ) );
		$current = array_map( 'strval', (array) get_post_meta( $post_id, $key, false ) );
		foreach ( array_diff( $current, $values ) as $gone ) {
			delete_post_meta( $post_id, $key, $gone );
		}
		foreach ( array_diff( $values, $current ) as $new ) {
			add_post_meta( $post_id, $key, $new );
		}
	}
}
