<?php
/**
 * Front-end enforcement in a real WordPress: post content, featured images, wp_get_attachment_image(),
 * srcset, and that wp-admin and the editor still see everything.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Status\Decision;

final class EnforcerTest extends TestCase {

	private int $ok;
	private int $bad;
	private int $unlinked;

	protected function setUp(): void {
		parent::setUp();
		delete_transient( 'likeness_backoff' );
		$this->server->approved( self::uuid( 1 ) );
		$this->server->withdrawn( self::uuid( 2 ) );
		$this->ok       = $this->attachment( 'approved', 1200, 800, self::uuid( 1 ) );
		$this->bad      = $this->attachment( 'withdrawn', 1200, 800, self::uuid( 2 ) );
		$this->unlinked = $this->attachment( 'unlinked', 640, 480 );
	}

	private function post( string $content, int $thumbnail = 0 ): int {
		$id = wp_insert_post(
			array(
				'post_title'   => 'Summer camp',
				'post_content' => $content,
				'post_status'  => 'draft',
			)
		);
		if ( $thumbnail ) {
			// set_post_thumbnail() refuses images that wp_get_attachment_image() does not output: here, hidden ones.
			update_post_meta( $id, '_thumbnail_id', $thumbnail );
		}
		return $id;
	}

	public function test_post_content_shows_the_approved_image_only_with_one_status_call(): void {
		$post = $this->post( self::image_block( $this->ok, 'Kept caption' ) . self::image_block( $this->bad, 'Anna Svensson' ) );
		$this->plugin()->cache->flush();
		$this->plugin()->status->reset();
		$this->server->requests = array();
		$html                   = $this->render_content( $post );

		$this->assertStringContainsString( 'wp-image-' . $this->ok, $html );
		$this->assertStringContainsString( 'data-likeness-asset="' . self::uuid( 1 ) . '"', $html );
		$this->assertStringContainsString( 'srcset=', $html, 'WordPress still adds srcset to approved images' );
		$this->assertStringContainsString( 'Kept caption', $html );
		$this->assertStringNotContainsString( 'wp-image-' . $this->bad, $html );
		$this->assertStringNotContainsString( 'Anna Svensson', $html );
		$this->assertStringNotContainsString( 'naming withdrawn', $html, 'alt text' );
		$this->assertStringNotContainsString( basename( get_attached_file( $this->bad ), '.jpg' ), $html, 'no URL of the file, not even in srcset' );
		$this->assertCount( 1, $this->server->calls( 'POST', '/status/batch' ) );
		$this->assertEqualsCanonicalizing( array( self::uuid( 1 ), self::uuid( 2 ) ), $this->server->calls( 'POST', '/status/batch' )[0]['body']['assetIds'] );
	}

	public function test_a_page_of_posts_asks_for_all_their_images_at_once(): void {
		$first  = $this->post( self::image_block( $this->ok ), $this->bad );
		$second = $this->post( self::image_block( $this->bad ) );
		wp_publish_post( $first );
		wp_publish_post( $second );
		$this->plugin()->cache->flush();
		$this->plugin()->status->reset();
		$this->server->requests = array();
		$query                  = new \WP_Query( array( 'post__in' => array( $first, $second ) ) );
		$html                   = '';
		while ( $query->have_posts() ) {
			$query->the_post();
			$html .= get_the_post_thumbnail() . apply_filters( 'the_content', get_the_content() );
		}
		wp_reset_postdata();
		$this->assertCount( 1, $this->server->calls( 'POST', '/status/batch' ) );
		$this->assertSame( 1, substr_count( $html, '<img' ) );
	}

	public function test_placeholder_mode(): void {
		$this->settings( array( 'policy' => 'placeholder' ) );
		$html = $this->render_content( $this->post( self::image_block( $this->bad, 'Anna Svensson' ) ) );
		$this->assertStringContainsString( 'data-likeness-placeholder', $html );
		$this->assertStringContainsString( 'assets/placeholder.svg', $html );
		$this->assertStringNotContainsString( 'Anna Svensson', $html );
		$this->assertStringNotContainsString( 'srcset', $html );
	}

	public function test_unlinked_images_follow_the_organisations_setting(): void {
		$post = $this->post( self::image_block( $this->unlinked ) );
		$this->server->settings['hideUnhandled'] = true;
		$this->assertStringNotContainsString( 'wp-image-' . $this->unlinked, $this->render_content( $post ) );

		$this->plugin()->unlinked->forget();
		$this->plugin()->status->reset();
		$this->server->settings['hideUnhandled'] = false;
		$html = $this->render_content( $post );
		$this->assertStringContainsString( 'wp-image-' . $this->unlinked, $html );
		$this->assertStringNotContainsString( 'data-likeness-asset', $html, 'not linked: nothing for the browser script' );
	}

	public function test_unlinked_images_are_hidden_when_the_organisations_setting_cannot_be_read(): void {
		$this->server->failure = 403;
		$this->assertFalse( $this->plugin()->unlinked->visible() );
		$this->settings( array( 'unlinked' => 'show' ) );
		$this->assertTrue( $this->plugin()->unlinked->visible() );
	}

	public function test_featured_image_and_attachment_functions(): void {
		$post = $this->post( '', $this->bad );
		$this->assertSame( '', get_the_post_thumbnail( $post ) );
		$this->assertFalse( wp_get_attachment_image_src( $this->bad, 'large' ) );
		$this->assertSame( '', wp_get_attachment_image( $this->bad, 'medium' ) );

		$approved = get_the_post_thumbnail( $this->post( '', $this->ok ) );
		$this->assertStringContainsString( 'data-likeness-asset="' . self::uuid( 1 ) . '"', $approved );
		$this->assertStringContainsString( 'srcset=', $approved );
	}

	public function test_featured_image_placeholder_has_the_size_of_the_requested_image(): void {
		$this->settings( array( 'policy' => 'placeholder' ) );
		$html = wp_get_attachment_image( $this->bad, 'medium' );
		$this->assertStringContainsString( 'data-likeness-placeholder', $html );
		$this->assertStringContainsString( 'width="300" height="200"', $html );
		$this->assertStringNotContainsString( 'naming', $html );
	}

	public function test_classic_gallery_shortcode(): void {
		$post = $this->post( '[gallery ids="' . $this->ok . ',' . $this->bad . '" link="file"]' );
		wp_update_post( array( 'ID' => $this->bad, 'post_excerpt' => 'Anna Svensson caption' ) );
		$html = $this->render_content( $post );
		$this->assertStringContainsString( 'data-likeness-asset="' . self::uuid( 1 ) . '"', $html );
		$this->assertStringNotContainsString( 'Anna Svensson caption', $html );
		$this->assertStringNotContainsString( basename( get_attached_file( $this->bad ), '.jpg' ), $html );
	}

	public function test_widgets_and_template_blocks_are_filtered_too(): void {
		$html = do_blocks( self::image_block( $this->bad ) );
		$this->assertStringNotContainsString( '<img', $html );
		$this->assertStringNotContainsString( '<img', apply_filters( 'widget_text_content', '<img class="wp-image-' . $this->bad . '" src="x.jpg">' ) );
	}

	public function test_wp_admin_sees_every_image(): void {
		set_current_screen( 'upload' );
		$this->assertNotFalse( wp_get_attachment_image_src( $this->bad, 'large' ) );
		$this->assertStringContainsString( 'wp-image-' . $this->bad, apply_filters( 'the_content', self::image_block( $this->bad ) ) );
	}

	public function test_the_block_editor_context_sees_every_image(): void {
		$request  = new \WP_REST_Request( 'GET', '/wp/v2/media/' . $this->bad );
		$request->set_param( 'context', 'edit' );
		$response = rest_do_request( $request );
		$this->assertSame( 200, $response->get_status() );
		$this->assertNotEmpty( $response->get_data()['media_details']['sizes'] ?? array() );
		$this->assertStringContainsString( basename( get_attached_file( $this->bad ) ), (string) $response->get_data()['source_url'] );
		$this->plugin()->enforcer->note_rest_context( null, null, new \WP_REST_Request( 'GET', '/wp/v2/posts' ) );
	}

	public function test_the_public_media_endpoint_hides_urls_and_texts_of_hidden_files(): void {
		wp_set_current_user( 0 );
		$hidden = rest_do_request( new \WP_REST_Request( 'GET', '/wp/v2/media/' . $this->bad ) );
		$this->assertSame( 200, $hidden->get_status() );
		$json = wp_json_encode( $hidden->get_data() );
		$this->assertStringNotContainsString( basename( get_attached_file( $this->bad ), '.jpg' ), $json );
		$this->assertStringNotContainsString( 'naming withdrawn', $json );
		$this->assertFalse( $hidden->get_data()['likeness']['visible'] );
		$shown = rest_do_request( new \WP_REST_Request( 'GET', '/wp/v2/media/' . $this->ok ) );
		$this->assertStringContainsString( basename( get_attached_file( $this->ok ), '.jpg' ), (string) $shown->get_data()['source_url'] );
	}

	public function test_attachment_found_by_a_resized_url(): void {
		$meta = wp_get_attachment_metadata( $this->bad );
		$url  = dirname( wp_get_attachment_url( $this->bad ) ) . '/' . $meta['sizes']['medium']['file'];
		$this->assertMatchesRegularExpression( '/-300x200\.jpg$/', $url );
		$this->assertSame( $this->bad, $this->plugin()->resolver->attachment_from_url( $url ) );
		$this->assertNull( $this->plugin()->resolver->attachment_from_url( 'https://elsewhere.example/wp-content/uploads/x.jpg' ) );
		$html = $this->render_content( $this->post( '<p><img src="' . esc_url( $url ) . '" alt="Anna"></p>' ) );
		$this->assertStringNotContainsString( '<img', $html );
	}

	public function test_decision_payload_for_the_editor(): void {
		$decision = new Decision( self::uuid( 1 ), true, 'expiring', true, 1_814_394_000_000, 'fresh' );
		$this->assertSame( '2027-06-30T22:20:00Z', $decision->to_array()['approvedUntil'] );
	}
}
