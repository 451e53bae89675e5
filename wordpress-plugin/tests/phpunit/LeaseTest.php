<?php
/**
 * The cache lease rules: fresh until min(now + TTL, approvedUntil); offline, approvals hold until their lease.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Status\Lease;

final class LeaseTest extends \PHPUnit\Framework\TestCase {

	private const NOW  = 1_800_000_000_000;
	private const MIN  = 60_000;
	private const DAY  = 86_400_000;

	private static function entry( bool $visible, ?int $approved_until, int $checked_at, int $fresh_until ): array {
		return array(
			'visible'        => $visible,
			'approved_until' => $approved_until,
			'checked_at'     => $checked_at,
			'fresh_until'    => $fresh_until,
		);
	}

	public function test_fresh_until_is_the_ttl_without_a_lease(): void {
		$this->assertSame( self::NOW + 5 * self::MIN, Lease::fresh_until( self::NOW, null, 5 * self::MIN ) );
	}

	public function test_fresh_until_never_passes_the_lease(): void {
		$this->assertSame( self::NOW + 2 * self::MIN, Lease::fresh_until( self::NOW, self::NOW + 2 * self::MIN, 60 * self::MIN ) );
		$this->assertSame( self::NOW + 60 * self::MIN, Lease::fresh_until( self::NOW, self::NOW + self::DAY, 60 * self::MIN ) );
	}

	public function test_a_lease_already_over_is_stale_at_once(): void {
		$until = Lease::fresh_until( self::NOW, self::NOW - 1, 60 * self::MIN );
		$this->assertSame( self::NOW, $until );
		$this->assertFalse( Lease::is_fresh( array( 'fresh_until' => $until ), self::NOW ) );
	}

	public function test_fresh_entries_decide_by_their_visibility(): void {
		$this->assertTrue( Lease::visible( self::entry( true, null, self::NOW, self::NOW + self::MIN ), self::NOW, self::DAY ) );
		$this->assertFalse( Lease::visible( self::entry( false, null, self::NOW, self::NOW + self::MIN ), self::NOW, self::DAY ) );
	}

	public function test_unknown_is_hidden(): void {
		$this->assertFalse( Lease::visible( null, self::NOW, self::DAY ) );
	}

	public function test_offline_an_approval_holds_until_its_lease_ends(): void {
		$entry = self::entry( true, self::NOW + 10 * self::MIN, self::NOW - self::DAY, self::NOW - self::MIN );
		$this->assertFalse( Lease::is_fresh( $entry, self::NOW ) );
		$this->assertTrue( Lease::visible( $entry, self::NOW, self::MIN ), 'lease not over: still shown, even past max_offline' );
		$this->assertTrue( Lease::visible( $entry, self::NOW + 10 * self::MIN - 1, self::MIN ) );
		$this->assertFalse( Lease::visible( $entry, self::NOW + 10 * self::MIN, self::MIN ), 'lease over: hidden' );
	}

	public function test_offline_an_approval_without_end_holds_for_max_offline(): void {
		$entry = self::entry( true, null, self::NOW, self::NOW + 5 * self::MIN );
		$this->assertTrue( Lease::visible( $entry, self::NOW + self::DAY - 1, self::DAY ) );
		$this->assertFalse( Lease::visible( $entry, self::NOW + self::DAY, self::DAY ) );
	}

	public function test_offline_a_refusal_never_turns_into_showing(): void {
		$entry = self::entry( false, null, self::NOW - self::DAY, self::NOW - self::MIN );
		$this->assertFalse( Lease::holds_offline( $entry, self::NOW, self::DAY * 10 ) );
		$this->assertFalse( Lease::visible( $entry, self::NOW, self::DAY * 10 ) );
	}

	public function test_parses_the_servers_instants(): void {
		$this->assertSame( 1_814_394_000_000, Lease::parse_instant( '2027-06-30T22:20:00Z' ) );
		$this->assertSame( 1_814_394_000_123, Lease::parse_instant( '2027-06-30T22:20:00.123Z' ) );
		$this->assertSame( 1_814_394_000_000, Lease::parse_instant( '2027-07-01T00:20:00+02:00' ) );
		$this->assertNull( Lease::parse_instant( null ) );
		$this->assertNull( Lease::parse_instant( '' ) );
		$this->assertNull( Lease::parse_instant( 'not a date' ) );
	}
}
