<?php
/**
 * Serving approved images from Likeness delivery URLs: content and wp_get_attachment_image(), widths,
 * cropped sizes, the organisation's switch, public ids looked up in the background, and wp-admin untouched.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Frontend\DeliveryUrls;
use Likeness\WordPress\Media\AssetLinks;

final class DeliveryUrlsTest extends TestCase {

	private const PUBLIC_ID = '0123456789abcdef0123456789abcdef';

	/** @var int[] */
	private array $made = array();

	protected function setUp(): void {
		parent::setUp();
		$this->server->settings['deliveryChannels'] = array( 'web' );
		$this->settings( array( 'serve_from' => 'likeness' ) );
	}

	protected function tearDown(): void {
		foreach ( $this->made as $id ) {
			wp_delete_attachment( $id, true );
		}
		parent::tearDown();
	}

	private function approved_image( int $n, ?string $public_id = self::PUBLIC_ID ): int {
		$this->server->approved( self::uuid( $n ) );
		$id           = $this->attachment( 'delivered', 1600, 1200, self::uuid( $n ) );
		$this->made[] = $id;
		$this->plugin()->links->set_public_id( $id, $public_id );
		return $id;
	}

	private function delivery( int $width ): string {
		return 'http://likeness.test/d/' . self::PUBLIC_ID . '/web/' . $width . '.webp';
	}

	public function test_post_content_and_attachment_images_are_served_from_delivery_urls_at_fitting_widths(): void {
		$id   = $this->approved_image( 1 );
		$post = wp_insert_post( array( 'post_title' => 'Delivered', 'post_content' => self::image_block( $id ), 'post_status' => 'publish' ) );
		$html = $this->render_content( $post );
		// The large size (1024 wide) is shown: the next delivery width up.
		$this->assertStringContainsString( 'src="' . $this->delivery( 1280 ) . '"', $html );
		$this->assertStringContainsString( $this->delivery( 160 ) . ' 160w', $html );
		$this->assertStringContainsString( $this->delivery( 1600 ) . ' 1600w', $html, 'up to the original' );
		$this->assertStringNotContainsString( '1920.webp', $html, 'nothing wider than the original' );
		$this->assertStringNotContainsString( '/wp-content/uploads/', $html );
		$this->assertStringContainsString( 'data-likeness-asset="' . self::uuid( 1 ) . '"', $html, 'the live script still finds it' );

		$featured = wp_get_attachment_image( $id, 'medium' );
		$this->assertStringContainsString( 'src="' . $this->delivery( 320 ) . '"', $featured, 'medium is 300 wide' );
		$this->assertStringContainsString( 'srcset="' . $this->delivery( 160 ) . ' 160w', $featured );
	}

	public function test_cropped_sizes_keep_their_uploads_url(): void {
		$id        = $this->approved_image( 2 );
		$thumbnail = wp_get_attachment_image( $id, 'thumbnail' );
		$this->assertStringContainsString( wp_get_attachment_image_url( $id, 'thumbnail' ), $thumbnail );
		$this->assertStringNotContainsString( '/d/', $thumbnail );
	}

	public function test_the_uploads_folder_is_used_until_the_organisation_switches_delivery_on_for_the_channel(): void {
		$this->server->settings['deliveryChannels'] = array( 'intranet' );
		$this->plugin()->unlinked->forget();
		$this->plugin()->delivery->reset();
		$id = $this->approved_image( 3 );
		$this->assertStringContainsString( '/wp-content/uploads/', wp_get_attachment_image( $id, 'large' ) );

		$this->settings( array( 'serve_from' => 'uploads' ) );
		$this->server->settings['deliveryChannels'] = array( 'web' );
		$this->assertStringNotContainsString( '/d/', wp_get_attachment_image( $id, 'large' ), 'the site chose its uploads folder' );
	}

	public function test_editors_in_wp_admin_get_the_uploads_urls(): void {
		$id = $this->approved_image( 4 );
		set_current_screen( 'upload' );
		$this->assertStringNotContainsString( '/d/', wp_get_attachment_image( $id, 'large' ) );
	}

	public function test_a_link_without_a_known_public_id_is_looked_up_in_the_background(): void {
		$id                                    = $this->approved_image( 5, null );
		$this->server->assets[ self::uuid( 5 ) ] = array( 'id' => self::uuid( 5 ), 'publicId' => self::PUBLIC_ID );
		$this->assertStringContainsString( '/wp-content/uploads/', wp_get_attachment_image( $id, 'large' ), 'until it is known' );
		$this->assertNotFalse( wp_next_scheduled( DeliveryUrls::BACKFILL_HOOK ) );

		do_action( DeliveryUrls::BACKFILL_HOOK );
		$this->assertSame( self::PUBLIC_ID, $this->plugin()->links->public_id( $id ) );
		$this->assertStringContainsString( $this->delivery( 1280 ), wp_get_attachment_image( $id, 'large' ) );
		wp_clear_scheduled_hook( DeliveryUrls::BACKFILL_HOOK );
	}

	public function test_importing_records_the_public_id(): void {
		$this->server->approved( self::uuid( 6 ) );
		$id = $this->attachment( 'linked by hand', 100, 100 );
		$this->made[] = $id;
		$this->plugin()->links->link( $id, self::uuid( 6 ), 'manual', self::PUBLIC_ID );
		$this->assertSame( self::PUBLIC_ID, get_post_meta( $id, AssetLinks::PUBLIC_ID_META, true ) );
		$this->plugin()->links->unlink( $id );
		$this->assertSame( '', get_post_meta( $id, AssetLinks::PUBLIC_ID_META, true ) );
		$this->assertNull( $this->plugin()->links->public_id( $id ) );
	}
}
