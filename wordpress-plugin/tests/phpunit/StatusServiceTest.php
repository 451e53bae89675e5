<?php
/**
 * Status lookups: one batch call per render for what is not freshly cached; fail closed when the server
 * cannot answer (cached approvals hold until their lease, unknown is hidden).
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Status\StatusCache;

final class StatusServiceTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		delete_transient( 'likeness_backoff' );
	}

	public function test_one_batch_call_for_many_assets_then_none_while_fresh(): void {
		$ids = array( self::uuid( 1 ), self::uuid( 2 ), self::uuid( 3 ) );
		$this->server->approved( $ids[0] );
		$this->server->withdrawn( $ids[1] );
		$status    = $this->plugin()->status;
		$decisions = $status->decide( $ids );
		$this->assertTrue( $decisions[ $ids[0] ]->visible );
		$this->assertFalse( $decisions[ $ids[1] ]->visible );
		$this->assertFalse( $decisions[ $ids[2] ]->visible );
		$this->assertSame( 'unknown', $decisions[ $ids[2] ]->status );
		$this->assertCount( 1, $this->server->calls( 'POST', '/status/batch' ) );
		$this->assertSame( array( 'channel' => 'web', 'assetIds' => $ids ), $this->server->calls( 'POST', '/status/batch' )[0]['body'] );
		$this->assertSame( 'Bearer lk_test_key', $this->server->calls( 'POST', '/status/batch' )[0]['headers']['Authorization'] );

		// Next page view (new request): answered from the table.
		$status->reset();
		$this->assertTrue( $status->decide( $ids )[ $ids[0] ]->visible );
		$this->assertCount( 1, $this->server->calls( 'POST', '/status/batch' ) );
	}

	public function test_more_than_500_ids_are_asked_in_batches_of_500(): void {
		$ids = array();
		for ( $i = 1; $i <= 1203; $i++ ) {
			$ids[] = self::uuid( $i );
		}
		$this->plugin()->status->decide( $ids );
		$calls = $this->server->calls( 'POST', '/status/batch' );
		$this->assertSame( array( 500, 500, 203 ), array_map( static fn( $c ) => count( $c['body']['assetIds'] ), $calls ) );
	}

	public function test_a_stale_entry_is_asked_again(): void {
		$id = self::uuid( 1 );
		$this->server->approved( $id );
		add_filter( 'likeness_status_ttl', '__return_zero' );
		try {
			$this->plugin()->status->decide( array( $id ) );
			$this->plugin()->status->reset();
			$this->server->withdrawn( $id );
			$this->assertFalse( $this->plugin()->status->decide_one( $id )->visible );
			$this->assertCount( 2, $this->server->calls( 'POST', '/status/batch' ) );
		} finally {
			remove_filter( 'likeness_status_ttl', '__return_zero' );
		}
	}

	public function test_an_approval_whose_lease_ended_is_asked_again_even_within_the_ttl(): void {
		$id = self::uuid( 1 );
		$this->server->approved( $id, gmdate( 'Y-m-d\TH:i:s\Z', time() + 1 ) );
		$this->assertTrue( $this->plugin()->status->decide_one( $id )->visible );
		$entry = ( new StatusCache() )->get( 'web', array( $id ) )[ $id ];
		$this->assertLessThanOrEqual( $entry['approved_until'], $entry['fresh_until'] );
	}

	public function test_server_down_cached_approvals_hold_until_their_lease_and_unknown_is_hidden(): void {
		$held    = self::uuid( 1 );
		$expired = self::uuid( 2 );
		$refused = self::uuid( 3 );
		$never   = self::uuid( 4 );
		$now_ms  = (int) floor( microtime( true ) * 1000 );
		$cache   = new StatusCache();
		// Stale entries (fresh_until in the past), as after the TTL passed.
		$cache->put_batch(
			'web',
			array(
				array( 'assetId' => $held, 'status' => 'approved', 'approved' => true, 'visible' => true, 'approvedUntil' => gmdate( 'Y-m-d\TH:i:s\Z', time() + 3600 ) ),
				array( 'assetId' => $expired, 'status' => 'approved', 'approved' => true, 'visible' => true, 'approvedUntil' => gmdate( 'Y-m-d\TH:i:s\Z', time() - 1 ) ),
				array( 'assetId' => $refused, 'status' => 'withdrawn', 'approved' => false, 'visible' => false, 'approvedUntil' => null ),
			),
			$now_ms - 7_200_000,
			$now_ms - 7_200_000,
			60_000
		);
		$this->server->failure = 'down';
		$decisions             = $this->plugin()->status->decide( array( $held, $expired, $refused, $never ) );
		$this->assertTrue( $decisions[ $held ]->visible, 'lease still running' );
		$this->assertSame( 'cached', $decisions[ $held ]->source );
		$this->assertFalse( $decisions[ $expired ]->visible, 'lease over' );
		$this->assertFalse( $decisions[ $refused ]->visible );
		$this->assertFalse( $decisions[ $never ]->visible, 'unknown means hidden' );
		$this->assertSame( 'unreachable', $this->plugin()->status->last_error() );
	}

	public function test_server_errors_fail_closed_the_same_way(): void {
		$this->server->failure = 500;
		$this->assertFalse( $this->plugin()->status->decide_one( self::uuid( 9 ) )->visible );
	}

	public function test_after_a_failure_renders_do_not_wait_on_the_server_again_for_a_while(): void {
		$this->server->failure = 'down';
		$this->plugin()->status->decide( array( self::uuid( 1 ) ) );
		$this->plugin()->status->reset();
		$this->plugin()->status->decide( array( self::uuid( 2 ) ) );
		$this->assertCount( 1, $this->server->calls( 'POST', '/status/batch' ) );
		$this->assertSame( 'backoff', $this->plugin()->status->last_error() );
	}

	public function test_without_configuration_nothing_is_shown_and_nothing_is_asked(): void {
		$this->settings( array( 'api_key' => '' ) );
		$this->assertFalse( $this->plugin()->status->decide_one( self::uuid( 1 ) )->visible );
		$this->assertCount( 0, $this->server->requests );
	}

	public function test_invalid_ids_are_never_sent(): void {
		$decisions = $this->plugin()->status->decide( array( '', '../etc', str_repeat( 'a', 101 ), self::uuid( 1 ) ) );
		$this->assertSame( array( self::uuid( 1 ) ), array_keys( $decisions ) );
		$this->assertSame( array( self::uuid( 1 ) ), $this->server->calls( 'POST', '/status/batch' )[0]['body']['assetIds'] );
	}

	public function test_changing_the_channel_forgets_the_cache(): void {
		$id = self::uuid( 1 );
		$this->server->approved( $id );
		$this->plugin()->status->decide_one( $id );
		$this->settings( array( 'channel' => 'print' ) );
		$this->assertSame( array(), ( new StatusCache() )->get( 'web', array( $id ) ) );
		$this->plugin()->status->decide_one( $id );
		$this->assertSame( 'print', $this->server->calls( 'POST', '/status/batch' )[1]['body']['channel'] );
	}
}
