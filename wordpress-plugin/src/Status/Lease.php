<?php
/**
 * The cache rules for statuses, as pure functions of a cached entry and the time (milliseconds since the epoch).
 *
 * An entry is *fresh* until `fresh_until`: min(fetched + TTL, approvedUntil). A fresh entry is used as it is.
 * A stale entry is asked for again; if the server cannot answer, the entry still *holds* when it allowed
 * showing the file and its lease has not ended (approvedUntil, or for approvals without an end, at most
 * `max_offline` after the server last confirmed it). Everything else, including ids never seen, is hidden.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Status;

defined( 'ABSPATH' ) || exit;

final class Lease {

	/**
	 * Until when an answer from the server may be used without asking again.
	 *
	 * @param int      $now_ms         Now.
	 * @param int|null $approved_until The lease (ms), null when the approval has no end.
	 * @param int      $ttl_ms         How long any answer is trusted at most.
	 */
	public static function fresh_until( int $now_ms, ?int $approved_until, int $ttl_ms ): int {
		$until = $now_ms + max( 0, $ttl_ms );
		if ( null !== $approved_until ) {
			$until = min( $until, max( $now_ms, $approved_until ) );
		}
		return $until;
	}

	/**
	 * @param array{fresh_until: int} $entry A cached entry.
	 */
	public static function is_fresh( array $entry, int $now_ms ): bool {
		return $now_ms < (int) $entry['fresh_until'];
	}

	/**
	 * Whether a cached entry may still show its file while the server cannot be asked.
	 *
	 * @param array{visible: bool, approved_until: int|null, checked_at: int} $entry A cached entry.
	 * @param int $max_offline_ms Longest time an approval without an end is trusted unconfirmed.
	 */
	public static function holds_offline( array $entry, int $now_ms, int $max_offline_ms ): bool {
		if ( empty( $entry['visible'] ) ) {
			return false;
		}
		if ( null !== $entry['approved_until'] ) {
			return $now_ms < (int) $entry['approved_until'];
		}
		return $now_ms < (int) $entry['checked_at'] + $max_offline_ms;
	}

	/**
	 * The decision for one entry (or null: never seen). `$server_answered` says whether the server was
	 * reachable for this render; if it was, stale entries were just refreshed and this is only called with fresh ones.
	 *
	 * @param array|null $entry A cached entry.
	 */
	public static function visible( ?array $entry, int $now_ms, int $max_offline_ms ): bool {
		if ( null === $entry ) {
			return false;
		}
		if ( self::is_fresh( $entry, $now_ms ) ) {
			// A fresh visible entry whose lease ended in between is no longer visible.
			return ! empty( $entry['visible'] ) && ( null === $entry['approved_until'] || $now_ms < (int) $entry['approved_until'] );
		}
		return self::holds_offline( $entry, $now_ms, $max_offline_ms );
	}

	/** ISO 8601 (as the server writes it) to milliseconds, or null. */
	public static function parse_instant( $iso ): ?int {
		if ( ! is_string( $iso ) || '' === $iso ) {
			return null;
		}
		try {
			$date = new \DateTimeImmutable( $iso );
		} catch ( \Exception $e ) {
			return null;
		}
		return (int) $date->format( 'Uv' );
	}

	public static function now_ms(): int {
		return (int) floor( microtime( true ) * 1000 );
	}
}
