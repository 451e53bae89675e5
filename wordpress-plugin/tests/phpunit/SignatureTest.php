<?php
/**
 * Webhook signatures: HMAC-SHA256 over "<t>.<raw body>", timestamps within five minutes.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Webhook\Signature;

final class SignatureTest extends \PHPUnit\Framework\TestCase {

	private const SECRET = 'whsec_3f9a';
	private const BODY   = '{"type":"asset.status.changed","seq":7,"assetId":"00000000-0000-4000-8000-000000000001"}';

	public function test_accepts_a_fresh_correct_signature(): void {
		$now = 1_800_000_000;
		$this->assertSame( Signature::OK, Signature::verify( Signature::header( self::SECRET, $now - 10, self::BODY ), self::BODY, self::SECRET, $now ) );
	}

	public function test_matches_the_core_servers_format(): void {
		// As core-server's signWebhook: createHmac('sha256', secret).update(`${t}.${body}`).digest('hex').
		$expected = hash_hmac( 'sha256', '1800000000.' . self::BODY, self::SECRET );
		$this->assertSame( 't=1800000000,v1=' . $expected, Signature::header( self::SECRET, 1_800_000_000, self::BODY ) );
	}

	public function test_rejects_a_wrong_secret(): void {
		$now = 1_800_000_000;
		$this->assertSame( Signature::MISMATCH, Signature::verify( Signature::header( 'other', $now, self::BODY ), self::BODY, self::SECRET, $now ) );
	}

	public function test_rejects_a_changed_body(): void {
		$now    = 1_800_000_000;
		$header = Signature::header( self::SECRET, $now, self::BODY );
		$this->assertSame( Signature::MISMATCH, Signature::verify( $header, str_replace( '"seq":7', '"seq":8', self::BODY ), self::SECRET, $now ) );
		$this->assertSame( Signature::MISMATCH, Signature::verify( $header, self::BODY . ' ', self::SECRET, $now ) );
	}

	public function test_rejects_timestamps_older_than_five_minutes_and_far_in_the_future(): void {
		$now = 1_800_000_000;
		$this->assertSame( Signature::OK, Signature::verify( Signature::header( self::SECRET, $now - 300, self::BODY ), self::BODY, self::SECRET, $now ) );
		$this->assertSame( Signature::EXPIRED, Signature::verify( Signature::header( self::SECRET, $now - 301, self::BODY ), self::BODY, self::SECRET, $now ) );
		$this->assertSame( Signature::EXPIRED, Signature::verify( Signature::header( self::SECRET, $now + 301, self::BODY ), self::BODY, self::SECRET, $now ) );
	}

	public function test_a_replayed_timestamp_cannot_be_moved_forward(): void {
		$now    = 1_800_000_000;
		$header = Signature::header( self::SECRET, $now - 3600, self::BODY );
		$forged = preg_replace( '/^t=\d+/', 't=' . $now, $header );
		$this->assertSame( Signature::MISMATCH, Signature::verify( $forged, self::BODY, self::SECRET, $now ) );
	}

	public function test_accepts_any_of_several_v1_signatures_during_secret_rotation(): void {
		$now    = 1_800_000_000;
		$header = 't=' . $now . ',v1=' . Signature::sign( 'old', $now, self::BODY ) . ',v1=' . Signature::sign( self::SECRET, $now, self::BODY );
		$this->assertSame( Signature::OK, Signature::verify( $header, self::BODY, self::SECRET, $now ) );
	}

	/**
	 * @dataProvider malformed_headers
	 */
	public function test_rejects_malformed_headers( string $header, string $outcome ): void {
		$this->assertSame( $outcome, Signature::verify( $header, self::BODY, self::SECRET, 1_800_000_000 ) );
	}

	public function malformed_headers(): array {
		$sig = str_repeat( 'a', 64 );
		return array(
			'empty'             => array( '', Signature::MISSING ),
			'no timestamp'      => array( 'v1=' . $sig, Signature::MALFORMED ),
			'no signature'      => array( 't=1800000000', Signature::MALFORMED ),
			'short signature'   => array( 't=1800000000,v1=abc', Signature::MALFORMED ),
			'non-hex signature' => array( 't=1800000000,v1=' . str_repeat( 'z', 64 ), Signature::MALFORMED ),
			'text timestamp'    => array( 't=soon,v1=' . $sig, Signature::MALFORMED ),
			'garbage'           => array( 'Bearer xyz', Signature::MALFORMED ),
		);
	}

	public function test_without_a_configured_secret_nothing_is_accepted(): void {
		$now = 1_800_000_000;
		$this->assertSame( Signature::NO_SECRET, Signature::verify( Signature::header( '', $now, self::BODY ), self::BODY, '', $now ) );
	}
}
