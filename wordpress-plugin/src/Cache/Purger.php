<?php
/**
 * Purges page caches when an asset's status changes, through WordPress's own hook and the common cache plugins'.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Cache;

use Likeness\WordPress\Media\AssetLinks;

defined( 'ABSPATH' ) || exit;

class Purger {

	private AssetLinks $links;

	public function __construct( AssetLinks $links ) {
		$this->links = $links;
	}

	/**
	 * Purges every post that uses the asset, and the attachments linked to it.
	 *
	 * @param array $event The status event that caused it (or an empty array).
	 * @return int[] The purged post ids.
	 */
	public function purge_asset( string $asset_id, array $event = array() ): array {
		$post_ids       = $this->links->posts_using_asset( $asset_id );
		$attachment_ids = $this->links->attachments_for_asset( $asset_id );
		foreach ( array_unique( array_merge( $post_ids, $attachment_ids ) ) as $post_id ) {
			$this->purge_post( $post_id );
		}
		/**
		 * Fires after a Likeness status change purged the posts that use the asset. Hook in here to purge
		 * a CDN, a reverse proxy, or archive pages that a cache plugin does not know about.
		 *
		 * @param string $asset_id The Likeness asset.
		 * @param int[]  $post_ids Posts that use it.
		 * @param array  $event    The StatusChangedEvent, when the change came by webhook.
		 */
		do_action( 'likeness_purge_cache', $asset_id, $post_ids, $event );
		return $post_ids;
	}

	public function purge_post( int $post_id ): void {
		clean_post_cache( $post_id );
		// WP Super Cache.
		if ( function_exists( 'wp_cache_post_change' ) ) {
			wp_cache_post_change( $post_id );
		}
		// W3 Total Cache.
		if ( function_exists( 'w3tc_flush_post' ) ) {
			w3tc_flush_post( $post_id );
		}
		// LiteSpeed Cache, WP Rocket and others that listen for these.
		do_action( 'litespeed_purge_post', $post_id ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- LiteSpeed Cache's own hook.
		if ( function_exists( 'rocket_clean_post' ) ) {
			rocket_clean_post( $post_id );
		}
	}
}
