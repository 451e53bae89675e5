<?php
/**
 * Serves linked, approved images from Likeness's consent-enforced delivery URLs
 * (<server>/d/<publicId>/<channel>/<width>.webp) instead of the uploads folder, when the site is set to and the
 * organisation has switched delivery on for the site's channel. A copy that left the page (a feed reader, a
 * newsletter, another site's cache) then stops loading when consent ends, not only the page itself.
 *
 * Rewritten where WordPress has finished an image: post content (wp_content_img_tag, after srcset was added)
 * and wp_get_attachment_image() (its attributes). Sizes cropped to another shape keep their uploads URL, since
 * a delivery URL is the whole image at a width. Attachments whose public id is not known yet are looked up in
 * the background and use the uploads folder until then.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Frontend;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Media\AssetLinks;
use Likeness\WordPress\Settings;
use Likeness\WordPress\Status\UnlinkedPolicy;

defined( 'ABSPATH' ) || exit;

class DeliveryUrls {

	/** The widths the server renders (DELIVERY_WIDTHS in @likeness/shared). */
	public const WIDTHS        = array( 160, 320, 640, 960, 1280, 1600, 1920, 2560 );
	public const BACKFILL_HOOK = 'likeness_backfill_public_ids';
	private const BACKFILL_BATCH = 50;

	private Settings $settings;
	private UnlinkedPolicy $tenant;
	private AttachmentResolver $resolver;
	private Enforcer $enforcer;
	private AssetLinks $links;
	private Client $client;
	private ?bool $active = null;

	public function __construct( Settings $settings, UnlinkedPolicy $tenant, AttachmentResolver $resolver, Enforcer $enforcer, AssetLinks $links, Client $client ) {
		$this->settings = $settings;
		$this->tenant   = $tenant;
		$this->resolver = $resolver;
		$this->enforcer = $enforcer;
		$this->links    = $links;
		$this->client   = $client;
	}

	public function register(): void {
		add_filter( 'wp_content_img_tag', array( $this, 'content_image' ), 30, 3 );
		add_filter( 'wp_get_attachment_image_attributes', array( $this, 'image_attributes' ), 30, 2 );
		add_action( self::BACKFILL_HOOK, array( $this, 'backfill' ) );
	}

	/** Whether this request serves from delivery URLs: set so, the channel switched on, and visitors' output. */
	public function active(): bool {
		if ( ! $this->enforcer->is_enforcing() ) {
			return false;
		}
		if ( null === $this->active ) {
			$tenant       = Settings::SERVE_LIKENESS === $this->settings->get( 'serve_from' ) ? $this->tenant->tenant() : null;
			$this->active = null !== $tenant && in_array( $this->settings->channel(), (array) ( $tenant['deliveryChannels'] ?? array() ), true );
		}
		return $this->active;
	}

	public function reset(): void {
		$this->active = null;
	}

	/**
	 * An image in post content: its src and srcset.
	 *
	 * @param string $tag           The <img> tag.
	 * @param string $context       Where it is.
	 * @param int    $attachment_id From its wp-image-N class (0: none).
	 */
	public function content_image( $tag, $context, $attachment_id ) {
		if ( ! is_string( $tag ) || (int) $attachment_id <= 0 || ! $this->active() ) {
			return $tag;
		}
		$attrs = array();
		foreach ( array( 'src', 'srcset' ) as $name ) {
			if ( preg_match( '/\s' . $name . '\s*=\s*(["\'])(.*?)\1/is', $tag, $m ) ) {
				$attrs[ $name ] = html_entity_decode( $m[2], ENT_QUOTES );
			}
		}
		$rewritten = $this->rewrite( (int) $attachment_id, $attrs );
		foreach ( $rewritten as $name => $value ) {
			$tag = (string) preg_replace_callback(
				'/(\s' . $name . '\s*=\s*)(["\']).*?\2/is',
				static function ( array $m ) use ( $value ): string {
					return $m[1] . '"' . esc_attr( $value ) . '"';
				},
				$tag,
				1
			);
		}
		return $tag;
	}

	/**
	 * An image drawn by wp_get_attachment_image() (featured images, widgets, themes).
	 *
	 * @param array    $attr       Its attributes.
	 * @param \WP_Post $attachment The attachment.
	 */
	public function image_attributes( $attr, $attachment ) {
		if ( ! is_array( $attr ) || ! $attachment instanceof \WP_Post || ! $this->active() ) {
			return $attr;
		}
		return array_merge( $attr, $this->rewrite( (int) $attachment->ID, array_intersect_key( $attr, array( 'src' => 1, 'srcset' => 1 ) ) ) );
	}

	/**
	 * New src and srcset for an approved, linked image whose src shows the whole image; nothing otherwise.
	 *
	 * @param array<string, string> $attrs src and srcset as they are.
	 * @return array<string, string>
	 */
	private function rewrite( int $attachment_id, array $attrs ): array {
		$decision = $this->resolver->decide_attachment( $attachment_id );
		$meta     = wp_get_attachment_metadata( $attachment_id );
		if ( null === $decision || ! $decision->visible || null === $decision->asset_id || ! is_array( $meta ) || empty( $meta['width'] ) || empty( $meta['height'] ) || empty( $attrs['src'] ) ) {
			return array();
		}
		$public_id = $this->links->public_id( $attachment_id );
		if ( null === $public_id ) {
			$this->schedule_backfill();
			return array();
		}
		$shown = self::size_of( $meta, (string) $attrs['src'] );
		if ( null === $shown || abs( $shown[0] / max( 1, $shown[1] ) - $meta['width'] / $meta['height'] ) > 0.01 ) {
			return array(); // Unknown, or cropped to another shape.
		}
		$full = (int) $meta['width'];
		$out  = array( 'src' => $this->url( $public_id, self::width_for( $shown[0] ) ) );
		if ( isset( $attrs['srcset'] ) ) {
			$set = array();
			foreach ( self::WIDTHS as $width ) {
				$set[] = $this->url( $public_id, $width ) . ' ' . min( $width, $full ) . 'w';
				if ( $width >= $full ) {
					break; // Wider would be the same original.
				}
			}
			$out['srcset'] = implode( ', ', $set );
		}
		return $out;
	}

	/**
	 * The width and height of the uploads file a URL points to, from the attachment's metadata.
	 *
	 * @return int[]|null
	 */
	private static function size_of( array $meta, string $url ): ?array {
		$name = wp_basename( (string) strtok( $url, '?#' ) );
		if ( isset( $meta['file'] ) && wp_basename( (string) $meta['file'] ) === $name ) {
			return array( (int) $meta['width'], (int) $meta['height'] );
		}
		foreach ( is_array( $meta['sizes'] ?? null ) ? $meta['sizes'] : array() as $size ) {
			if ( is_array( $size ) && ( $size['file'] ?? '' ) === $name ) {
				return array( (int) $size['width'], (int) $size['height'] );
			}
		}
		return null;
	}

	/** The smallest delivery width that is at least as wide as shown (the server never enlarges). */
	public static function width_for( int $shown ): int {
		foreach ( self::WIDTHS as $width ) {
			if ( $width >= $shown ) {
				return $width;
			}
		}
		return self::WIDTHS[ count( self::WIDTHS ) - 1 ];
	}

	public function url( string $public_id, int $width ): string {
		return $this->settings->server_url() . '/d/' . rawurlencode( $public_id ) . '/' . rawurlencode( $this->settings->channel() ) . '/' . $width . '.webp';
	}

	private function schedule_backfill(): void {
		if ( ! wp_next_scheduled( self::BACKFILL_HOOK ) ) {
			wp_schedule_single_event( time(), self::BACKFILL_HOOK );
		}
	}

	/** Looks up the public ids of linked attachments linked before they were recorded, a batch at a time. */
	public function backfill(): void {
		global $wpdb;
		$rows = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT a.post_id, a.meta_value FROM {$wpdb->postmeta} a LEFT JOIN {$wpdb->postmeta} p ON p.post_id = a.post_id AND p.meta_key = %s WHERE a.meta_key = %s AND p.meta_id IS NULL ORDER BY a.post_id LIMIT %d",
				AssetLinks::PUBLIC_ID_META,
				AssetLinks::ASSET_META,
				self::BACKFILL_BATCH
			)
		);
		foreach ( (array) $rows as $row ) {
			try {
				$asset = $this->client->get_asset( (string) $row->meta_value );
			} catch ( ApiException $e ) {
				if ( $e->is_outage() ) {
					return; // Asked again when an image needs it.
				}
				$asset = array(); // Gone from the bank: recorded as having none, so it is not asked for again.
			}
			$public_id = isset( $asset['publicId'] ) ? (string) $asset['publicId'] : '';
			if ( '' !== $public_id ) {
				$this->links->set_public_id( (int) $row->post_id, $public_id );
			} else {
				update_post_meta( (int) $row->post_id, AssetLinks::PUBLIC_ID_META, '' );
			}
		}
		if ( count( (array) $rows ) === self::BACKFILL_BATCH ) {
			wp_schedule_single_event( time() + MINUTE_IN_SECONDS, self::BACKFILL_HOOK );
		}
	}
}
