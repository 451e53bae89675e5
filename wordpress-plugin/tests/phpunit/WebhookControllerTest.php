<?php
/**
 * The webhook route, through WordPress's REST server: signature, timestamp, channel, cache and purge.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Webhook\Signature;

final class WebhookControllerTest extends TestCase {

	private function event( string $asset, int $seq, string $status, bool $visible, string $channel = 'web' ): array {
		return array(
			'type'          => 'asset.status.changed',
			'seq'           => $seq,
			'id'            => wp_generate_uuid4(),
			'at'            => gmdate( 'Y-m-d\TH:i:s.v\Z' ),
			'assetId'       => $asset,
			'channel'       => $channel,
			'oldStatus'     => 'approved',
			'newStatus'     => $status,
			'approved'      => $visible,
			'visible'       => $visible,
			'approvedUntil' => null,
			'reasons'       => array(),
		);
	}

	private function deliver( string $body, ?string $signature ): \WP_REST_Response {
		$request = new \WP_REST_Request( 'POST', '/likeness/v1/webhook' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_header( 'X-Likeness-Event', 'asset.status.changed' );
		if ( null !== $signature ) {
			$request->set_header( 'X-Likeness-Signature', $signature );
		}
		$request->set_body( $body );
		return rest_do_request( $request );
	}

	public function test_a_signed_withdrawal_updates_the_cache_and_purges_the_posts_that_use_it(): void {
		$asset = self::uuid( 1 );
		$this->server->approved( $asset );
		$image = $this->attachment( 'anna', 400, 300, $asset );
		$post  = wp_insert_post( array( 'post_title' => 'Uses it', 'post_content' => self::image_block( $image ), 'post_status' => 'publish' ) );
		$this->assertTrue( $this->plugin()->status->decide_one( $asset )->visible );

		$cleaned = array();
		$purged  = array();
		$on_clean = static function ( $id ) use ( &$cleaned ) {
			$cleaned[] = $id;
		};
		$on_purge = static function ( $asset_id, $post_ids ) use ( &$purged ) {
			$purged[] = array( $asset_id, $post_ids );
		};
		add_action( 'clean_post_cache', $on_clean );
		add_action( 'likeness_purge_cache', $on_purge, 10, 2 );
		try {
			wp_set_current_user( 0 );
			$body     = wp_json_encode( $this->event( $asset, 42, 'withdrawn', false ) );
			$response = $this->deliver( $body, Signature::header( 'whsec_test', time(), $body ) );
		} finally {
			remove_action( 'clean_post_cache', $on_clean );
			remove_action( 'likeness_purge_cache', $on_purge );
		}
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['applied'] );
		$this->assertContains( $post, $cleaned );
		$this->assertContains( $image, $cleaned );
		$this->assertSame( array( array( $asset, array( $post ) ) ), $purged );

		$this->plugin()->status->reset();
		$this->assertFalse( $this->plugin()->status->decide_one( $asset )->visible, 'the next render hides it' );
		$this->assertCount( 1, $this->server->calls( 'POST', '/status/batch' ), 'without asking the server' );
		$this->assertStringNotContainsString( 'wp-image-' . $image, $this->render_content( $post ) );

		// The same delivery again (at least once): accepted, nothing changes.
		$again = $this->deliver( $body, Signature::header( 'whsec_test', time(), $body ) );
		$this->assertSame( 200, $again->get_status() );
		$this->assertFalse( $again->get_data()['applied'] );
	}

	public function test_a_bad_signature_is_rejected_and_changes_nothing(): void {
		$asset = self::uuid( 1 );
		$this->server->approved( $asset );
		$this->plugin()->status->decide_one( $asset );
		$body = wp_json_encode( $this->event( $asset, 1, 'withdrawn', false ) );

		$this->assertSame( 401, $this->deliver( $body, Signature::header( 'wrong-secret', time(), $body ) )->get_status() );
		$this->assertSame( 401, $this->deliver( $body, null )->get_status() );
		$this->assertSame( 401, $this->deliver( $body, Signature::header( 'whsec_test', time() - 301, $body ) )->get_status(), 'too old' );
		$tampered = str_replace( '"withdrawn"', '"approved"', $body );
		$this->assertSame( 401, $this->deliver( $tampered, Signature::header( 'whsec_test', time(), $body ) )->get_status() );

		$this->plugin()->status->reset();
		$this->assertTrue( $this->plugin()->status->decide_one( $asset )->visible );
		$this->assertSame( 'rejected: mismatch', get_option( 'likeness_webhook_last' )['outcome'] );
	}

	public function test_events_for_assets_not_cached_here_are_accepted_and_not_stored(): void {
		// Out-of-order deliveries cannot be ordered without a baseline: the first render asks the server instead.
		$this->attachment( 'linked', 100, 100, self::uuid( 6 ) );
		$body     = wp_json_encode( $this->event( self::uuid( 6 ), 5, 'approved', true ) );
		$response = $this->deliver( $body, Signature::header( 'whsec_test', time(), $body ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertFalse( $response->get_data()['applied'] );
		$this->assertFalse( $this->plugin()->status->is_cached( self::uuid( 6 ) ) );
		$this->server->withdrawn( self::uuid( 6 ) );
		$this->assertFalse( $this->plugin()->status->decide_one( self::uuid( 6 ) )->visible );
		$this->assertCount( 1, $this->server->calls( 'POST', '/status/batch' ) );
	}

	public function test_events_for_other_channels_are_accepted_and_ignored(): void {
		$asset = self::uuid( 1 );
		$this->server->approved( $asset );
		$this->plugin()->status->decide_one( $asset );
		$body     = wp_json_encode( $this->event( $asset, 3, 'withdrawn', false, 'print' ) );
		$response = $this->deliver( $body, Signature::header( 'whsec_test', time(), $body ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertFalse( $response->get_data()['applied'] );
		$this->plugin()->status->reset();
		$this->assertTrue( $this->plugin()->status->decide_one( $asset )->visible );
	}

	public function test_without_a_secret_the_endpoint_refuses_everything(): void {
		$this->settings( array( 'webhook_secret' => '' ) );
		$body = wp_json_encode( $this->event( self::uuid( 1 ), 1, 'approved', true ) );
		$this->assertSame( 503, $this->deliver( $body, Signature::header( '', time(), $body ) )->get_status() );
	}

	public function test_signed_but_incomplete_events_are_refused(): void {
		$body = wp_json_encode( array( 'type' => 'asset.status.changed', 'assetId' => self::uuid( 1 ) ) );
		$this->assertSame( 400, $this->deliver( $body, Signature::header( 'whsec_test', time(), $body ) )->get_status() );
		$other = wp_json_encode( array( 'type' => 'something.new' ) );
		$this->assertSame( 200, $this->deliver( $other, Signature::header( 'whsec_test', time(), $other ) )->get_status() );
	}
}
