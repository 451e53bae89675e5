<?php
/**
 * Publication history: reports to Likeness which assets each published post uses, at its URL.
 * Publish and update report the current set; unpublish, trash and delete report an empty set, which
 * ends every usage there. A report that fails is retried by WP-Cron.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Usage;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Media\AssetLinks;
use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class UsageReporter {

	public const LOCATION_META = '_likeness_usage_location';
	public const PENDING_META  = '_likeness_usage_pending';
	public const RETRY_HOOK    = 'likeness_retry_usages';

	private Settings $settings;
	private Client $client;
	private AssetLinks $links;
	private PostMedia $media;

	public function __construct( Settings $settings, Client $client, AssetLinks $links, PostMedia $media ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->links    = $links;
		$this->media    = $media;
	}

	public function register(): void {
		add_action( 'wp_after_insert_post', array( $this, 'on_saved' ), 20, 2 );
		add_action( 'before_delete_post', array( $this, 'on_delete' ), 10, 1 );
		add_action( 'likeness_attachment_linked', array( $this, 'on_attachment_linked' ), 10, 1 );
		add_action( self::RETRY_HOOK, array( $this, 'retry' ) );
	}

	/**
	 * @param int      $post_id Post.
	 * @param \WP_Post $post    The saved post.
	 */
	public function on_saved( $post_id, $post ): void {
		if ( $post instanceof \WP_Post ) {
			$this->sync( $post );
		}
	}

	public function on_delete( $post_id ): void {
		$post = get_post( (int) $post_id );
		if ( ! $post || ! $this->is_tracked( $post ) ) {
			return;
		}
		$previous = (string) get_post_meta( $post->ID, self::LOCATION_META, true );
		if ( '' !== $previous ) {
			$this->report( $post, $previous, array() );
		}
	}

	/** An attachment was linked or unlinked: the posts that use it now use a different asset. */
	public function on_attachment_linked( $attachment_id ): void {
		foreach ( $this->links->posts_using_attachment( (int) $attachment_id ) as $post_id ) {
			$post = get_post( $post_id );
			if ( $post ) {
				$this->sync( $post );
			}
		}
	}

	/** Reports every post whose last report failed. */
	public function retry(): void {
		$ids = get_posts(
			array(
				'post_type'      => 'any',
				'post_status'    => 'any',
				'posts_per_page' => 100,
				'fields'         => 'ids',
				'meta_key'       => self::PENDING_META, // phpcs:ignore WordPress.DB.SlowDBQuery
				'no_found_rows'  => true,
			)
		);
		foreach ( $ids as $id ) {
			$post = get_post( $id );
			if ( $post ) {
				$this->sync( $post );
			}
		}
	}

	/**
	 * Remembers what the post uses and reports it: the full set at its URL when published, nothing otherwise.
	 *
	 * @return bool False when a report failed (it will be retried).
	 */
	public function sync( \WP_Post $post ): bool {
		if ( ! $this->is_tracked( $post ) ) {
			return true;
		}
		$attachments = $this->media->attachment_ids( $post );
		$assets      = array_values( array_unique( array_values( $this->links->asset_ids( $attachments ) ) ) );
		$this->links->remember_post( $post->ID, $attachments, $assets );

		if ( ! $this->settings->is_connected() || ! is_post_type_viewable( $post->post_type ) ) {
			return true;
		}
		$location = $this->is_public( $post ) ? (string) get_permalink( $post ) : '';
		$previous = (string) get_post_meta( $post->ID, self::LOCATION_META, true );
		$ok       = true;
		if ( '' !== $previous && $previous !== $location ) {
			$ok = $this->report( $post, $previous, array() );
			if ( $ok ) {
				delete_post_meta( $post->ID, self::LOCATION_META );
			}
		}
		if ( '' !== $location ) {
			$ok = $this->report( $post, $location, $assets ) && $ok;
			if ( $ok ) {
				update_post_meta( $post->ID, self::LOCATION_META, $location );
			}
		}
		if ( $ok ) {
			delete_post_meta( $post->ID, self::PENDING_META );
		}
		return $ok;
	}

	public function integration(): string {
		/**
		 * Filters the integration name this site reports usages under.
		 *
		 * @param string $integration "wordpress:" and the site's address.
		 */
		return (string) apply_filters( 'likeness_integration', 'wordpress:' . home_url() );
	}

	/**
	 * @param string[] $assets Asset ids used at the location (empty: none any more).
	 */
	private function report( \WP_Post $post, string $location, array $assets ): bool {
		$title = html_entity_decode( wp_strip_all_tags( get_the_title( $post ) ), ENT_QUOTES, 'UTF-8' );
		try {
			$this->client->report_usages( $this->integration(), $this->settings->channel(), $location, $title, $assets );
			return true;
		} catch ( ApiException $e ) {
			update_post_meta( $post->ID, self::PENDING_META, time() );
			if ( ! wp_next_scheduled( self::RETRY_HOOK ) ) {
				wp_schedule_single_event( time() + 5 * MINUTE_IN_SECONDS, self::RETRY_HOOK );
			}
			/**
			 * Fires when a usage report failed; it is retried by WP-Cron.
			 *
			 * @param ApiException $e    The failure.
			 * @param \WP_Post     $post The post.
			 */
			do_action( 'likeness_usage_report_failed', $e, $post );
			return false;
		}
	}

	private function is_tracked( \WP_Post $post ): bool {
		if ( in_array( $post->post_type, array( 'attachment', 'revision', 'nav_menu_item', 'customize_changeset', 'oembed_cache', 'user_request' ), true ) ) {
			return false;
		}
		return ! wp_is_post_revision( $post ) && ! wp_is_post_autosave( $post );
	}

	/** Visible to visitors at its URL. */
	private function is_public( \WP_Post $post ): bool {
		return 'publish' === $post->post_status && is_post_type_viewable( $post->post_type );
	}
}
