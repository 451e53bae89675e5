<?php
/**
 * Base class: every test runs inside a database transaction that is rolled back, with a fresh fake server
 * and the plugin's per-request memory cleared.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Plugin;
use Likeness\WordPress\Settings;

abstract class TestCase extends \PHPUnit\Framework\TestCase {

	protected FakeLikeness $server;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' );
		wp_cache_flush();
		$this->server = new FakeLikeness();
		$this->server->install();
		$this->plugin()->status->reset();
		$this->plugin()->resolver->reset();
		$this->plugin()->delivery->reset();
		wp_set_current_user( 1 );
		unset( $GLOBALS['current_screen'] );
		$GLOBALS['wp_settings_errors'] = array();
	}

	protected function tearDown(): void {
		global $wpdb;
		$this->server->uninstall();
		$wpdb->query( 'ROLLBACK' );
		wp_cache_flush();
		$this->plugin()->status->reset();
		$this->plugin()->resolver->reset();
		$this->plugin()->unlinked->forget();
		parent::tearDown();
	}

	protected function plugin(): Plugin {
		return Plugin::instance();
	}

	/** Changes settings for this test (rolled back with the transaction). */
	protected function settings( array $values ): void {
		foreach ( array( 'api_key', 'webhook_secret' ) as $secret ) {
			// As in the form: an empty secret means "keep"; removing one is explicit.
			if ( isset( $values[ $secret ] ) && '' === $values[ $secret ] ) {
				$values[ $secret . '_clear' ] = '1';
			}
		}
		update_option( Settings::OPTION, array_merge( get_option( Settings::OPTION ), $values ) );
		$this->plugin()->status->reset();
		$this->plugin()->unlinked->forget();
		$this->plugin()->delivery->reset();
	}

	protected static function uuid( int $n ): string {
		return sprintf( '00000000-0000-4000-8000-%012d', $n );
	}

	/** A real JPEG in the uploads folder, as an attachment with generated sizes. */
	protected function attachment( string $name = 'photo', int $width = 800, int $height = 600, ?string $asset_id = null ): int {
		$image = imagecreatetruecolor( $width, $height );
		$color = imagecolorallocate( $image, random_int( 0, 255 ), random_int( 0, 255 ), random_int( 0, 255 ) );
		imagefilledrectangle( $image, 0, 0, $width, $height, $color );
		ob_start();
		imagejpeg( $image, null, 80 );
		$bytes = ob_get_clean();
		$upload = wp_upload_bits( $name . '-' . wp_generate_password( 6, false ) . '.jpg', null, $bytes );
		$this->assertEmpty( $upload['error'] );
		$id = wp_insert_attachment(
			array(
				'post_mime_type' => 'image/jpeg',
				'post_title'     => $name,
				'post_status'    => 'inherit',
			),
			$upload['file']
		);
		require_once ABSPATH . 'wp-admin/includes/image.php';
		wp_update_attachment_metadata( $id, wp_generate_attachment_metadata( $id, $upload['file'] ) );
		update_post_meta( $id, '_wp_attachment_image_alt', 'Alt text naming ' . $name );
		if ( null !== $asset_id ) {
			update_post_meta( $id, '_likeness_asset_id', $asset_id );
		}
		return (int) $id;
	}

	protected static function image_block( int $id, string $caption = '' ): string {
		$url = wp_get_attachment_image_url( $id, 'large' );
		$alt = esc_attr( get_post_meta( $id, '_wp_attachment_image_alt', true ) );
		$fig = '' === $caption ? '' : '<figcaption class="wp-element-caption">' . $caption . '</figcaption>';
		return "<!-- wp:image {\"id\":$id,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"$url\" alt=\"$alt\" class=\"wp-image-$id\"/>$fig</figure>\n<!-- /wp:image -->";
	}

	/** Renders a post's content as the front end would. */
	protected function render_content( int $post_id ): string {
		global $post;
		$post = get_post( $post_id ); // phpcs:ignore WordPress.WP.GlobalVariablesOverride
		setup_postdata( $post );
		$html = apply_filters( 'the_content', get_the_content( null, false, $post ) );
		wp_reset_postdata();
		return $html;
	}
}
