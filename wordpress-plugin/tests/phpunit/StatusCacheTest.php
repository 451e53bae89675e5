<?php
/**
 * The status table: batch answers and webhook events, ordered by the server's clock and event sequence.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Status\StatusCache;

final class StatusCacheTest extends TestCase {

	private const T0  = 1_800_000_000_000;
	private const MIN = 60_000;

	private function item( string $id, string $status, bool $visible, ?string $until = null ): array {
		return array(
			'assetId'       => $id,
			'status'        => $status,
			'approved'      => $visible,
			'visible'       => $visible,
			'approvedUntil' => $until,
		);
	}

	private function event( string $id, int $seq, int $at_ms, string $status, bool $visible, string $channel = 'web' ): array {
		return array(
			'type'          => 'asset.status.changed',
			'seq'           => $seq,
			'id'            => 'evt-' . $seq,
			'at'            => gmdate( 'Y-m-d\TH:i:s', intdiv( $at_ms, 1000 ) ) . '.' . sprintf( '%03d', $at_ms % 1000 ) . 'Z',
			'assetId'       => $id,
			'channel'       => $channel,
			'newStatus'     => $status,
			'approved'      => $visible,
			'visible'       => $visible,
			'approvedUntil' => null,
		);
	}

	public function test_stores_and_reads_batch_answers_with_their_lease(): void {
		$cache = new StatusCache();
		$a     = self::uuid( 1 );
		$b     = self::uuid( 2 );
		$cache->put_batch( 'web', array( $this->item( $a, 'approved', true, '2027-06-30T22:20:00Z' ), $this->item( $b, 'withdrawn', false ) ), self::T0, self::T0, 60 * self::MIN );
		$got = $cache->get( 'web', array( $a, $b, self::uuid( 3 ) ) );
		$this->assertSame( array( $a, $b ), array_keys( $got ) );
		$this->assertTrue( $got[ $a ]['visible'] );
		$this->assertSame( 1_814_394_000_000, $got[ $a ]['approved_until'] );
		$this->assertSame( self::T0 + 60 * self::MIN, $got[ $a ]['fresh_until'] );
		$this->assertFalse( $got[ $b ]['visible'] );
		$this->assertNull( $got[ $b ]['approved_until'] );
		$this->assertSame( array(), $cache->get( 'print', array( $a ) ), 'entries belong to a channel' );
	}

	public function test_a_newer_event_replaces_the_entry(): void {
		$cache = new StatusCache();
		$a     = self::uuid( 1 );
		$cache->put_batch( 'web', array( $this->item( $a, 'approved', true ) ), self::T0, self::T0, 60 * self::MIN );
		$this->assertTrue( $cache->apply_event( $this->event( $a, 5, self::T0 + 1000, 'withdrawn', false ), self::T0 + 1000, 60 * self::MIN ) );
		$entry = $cache->get( 'web', array( $a ) )[ $a ];
		$this->assertFalse( $entry['visible'] );
		$this->assertSame( 'withdrawn', $entry['status'] );
		$this->assertSame( 5, $entry['seq'] );
	}

	public function test_an_event_without_a_cached_baseline_is_not_stored(): void {
		$cache = new StatusCache();
		$this->assertFalse( $cache->apply_event( $this->event( self::uuid( 1 ), 7, self::T0, 'approved', true ), self::T0, 60 * self::MIN ) );
		$this->assertSame( array(), $cache->get( 'web', array( self::uuid( 1 ) ) ) );
	}

	public function test_a_late_or_repeated_event_changes_nothing(): void {
		$cache = new StatusCache();
		$a     = self::uuid( 1 );
		$cache->put_batch( 'web', array( $this->item( $a, 'approved', true ) ), self::T0, self::T0, 60 * self::MIN );
		$this->assertTrue( $cache->apply_event( $this->event( $a, 7, self::T0 + 2000, 'withdrawn', false ), self::T0, 60 * self::MIN ) );
		$this->assertFalse( $cache->apply_event( $this->event( $a, 6, self::T0 + 1000, 'approved', true ), self::T0, 60 * self::MIN ), 'older seq' );
		$this->assertFalse( $cache->apply_event( $this->event( $a, 7, self::T0 + 2000, 'withdrawn', false ), self::T0, 60 * self::MIN ), 'same seq again' );
		$this->assertFalse( $cache->get( 'web', array( $a ) )[ $a ]['visible'] );
	}

	public function test_an_event_older_than_the_last_batch_answer_is_ignored(): void {
		$cache = new StatusCache();
		$a     = self::uuid( 1 );
		$cache->put_batch( 'web', array( $this->item( $a, 'withdrawn', false ) ), self::T0 + 5000, self::T0, 60 * self::MIN );
		$this->assertFalse( $cache->apply_event( $this->event( $a, 3, self::T0 + 1000, 'approved', true ), self::T0, 60 * self::MIN ) );
		$this->assertFalse( $cache->get( 'web', array( $a ) )[ $a ]['visible'] );
	}

	public function test_a_batch_answer_older_than_a_stored_event_does_not_undo_it(): void {
		$cache = new StatusCache();
		$a     = self::uuid( 1 );
		// The batch call was evaluated at T0, the withdrawal event (at T0 + 1 s) was stored while it was in flight.
		$cache->put_batch( 'web', array( $this->item( $a, 'approved', true ) ), self::T0 - 5000, self::T0, 60 * self::MIN );
		$this->assertTrue( $cache->apply_event( $this->event( $a, 9, self::T0 + 1000, 'withdrawn', false ), self::T0, 60 * self::MIN ) );
		$cache->put_batch( 'web', array( $this->item( $a, 'approved', true ) ), self::T0, self::T0, 60 * self::MIN );
		$entry = $cache->get( 'web', array( $a ) )[ $a ];
		$this->assertFalse( $entry['visible'] );
		$this->assertSame( 9, $entry['seq'] );
		// A later batch answer does replace it, and keeps the seq for ordering later events.
		$cache->put_batch( 'web', array( $this->item( $a, 'approved', true ) ), self::T0 + 2000, self::T0, 60 * self::MIN );
		$entry = $cache->get( 'web', array( $a ) )[ $a ];
		$this->assertTrue( $entry['visible'] );
		$this->assertSame( 9, $entry['seq'] );
	}

	public function test_flush_forgets_everything(): void {
		$cache = new StatusCache();
		$cache->put_batch( 'web', array( $this->item( self::uuid( 1 ), 'approved', true ) ), self::T0, self::T0, self::MIN );
		$cache->flush();
		$this->assertSame( array(), $cache->get( 'web', array( self::uuid( 1 ) ) ) );
	}
}
