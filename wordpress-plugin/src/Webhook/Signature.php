<?php
/**
 * Verifies `X-Likeness-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Webhook;

defined( 'ABSPATH' ) || exit;

final class Signature {

	/** Deliveries older (or further in the future) than this are refused: a captured request cannot be replayed later. */
	public const TOLERANCE = 300;

	public const OK        = 'ok';
	public const MISSING   = 'missing';
	public const MALFORMED = 'malformed';
	public const EXPIRED   = 'expired';
	public const MISMATCH  = 'mismatch';
	public const NO_SECRET = 'no_secret';

	/**
	 * @param string $header The X-Likeness-Signature header.
	 * @param string $body   The raw request body, exactly as received.
	 * @param string $secret The webhook's signing secret.
	 * @param int    $now    Unix seconds.
	 * @return string One of the constants; OK when the delivery is authentic and recent.
	 */
	public static function verify( string $header, string $body, string $secret, int $now, int $tolerance = self::TOLERANCE ): string {
		if ( '' === $secret ) {
			return self::NO_SECRET;
		}
		if ( '' === trim( $header ) ) {
			return self::MISSING;
		}
		$timestamp  = null;
		$signatures = array();
		foreach ( explode( ',', $header ) as $part ) {
			$pair = explode( '=', trim( $part ), 2 );
			if ( 2 !== count( $pair ) ) {
				continue;
			}
			if ( 't' === $pair[0] && ctype_digit( $pair[1] ) ) {
				$timestamp = (int) $pair[1];
			} elseif ( 'v1' === $pair[0] && preg_match( '/^[0-9a-f]{64}$/i', $pair[1] ) ) {
				$signatures[] = strtolower( $pair[1] );
			}
		}
		if ( null === $timestamp || ! $signatures ) {
			return self::MALFORMED;
		}
		if ( abs( $now - $timestamp ) > $tolerance ) {
			return self::EXPIRED;
		}
		$expected = self::sign( $secret, $timestamp, $body );
		foreach ( $signatures as $signature ) {
			if ( hash_equals( $expected, $signature ) ) {
				return self::OK;
			}
		}
		return self::MISMATCH;
	}

	/** The hex signature of a body at a timestamp (also used by tests to sign deliveries). */
	public static function sign( string $secret, int $timestamp, string $body ): string {
		return hash_hmac( 'sha256', $timestamp . '.' . $body, $secret );
	}

	public static function header( string $secret, int $timestamp, string $body ): string {
		return 't=' . $timestamp . ',v1=' . self::sign( $secret, $timestamp, $body );
	}
}
