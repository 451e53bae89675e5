<?php
/**
 * The status cache: one row per channel and asset in {prefix}likeness_status, read in one query per render.
 *
 * Times are milliseconds since the epoch. `checked_at` is the server's clock (evaluatedAt, or the event's
 * `at`), `seq` the last webhook event applied, so that late or repeated deliveries cannot undo newer answers.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Status;

defined( 'ABSPATH' ) || exit;

class StatusCache {

	public const TABLE = 'likeness_status';

	public static function table(): string {
		global $wpdb;
		return $wpdb->prefix . self::TABLE;
	}

	/** The CREATE TABLE statement, in the form dbDelta() expects. */
	public static function schema(): string {
		global $wpdb;
		$table   = self::table();
		$collate = $wpdb->get_charset_collate();
		return "CREATE TABLE {$table} (
  channel varchar(40) NOT NULL,
  asset_id varchar(100) NOT NULL,
  status varchar(32) NOT NULL,
  approved tinyint(1) NOT NULL DEFAULT 0,
  visible tinyint(1) NOT NULL DEFAULT 0,
  approved_until bigint(20) NULL,
  checked_at bigint(20) NOT NULL DEFAULT 0,
  fresh_until bigint(20) NOT NULL DEFAULT 0,
  seq bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY  (channel,asset_id)
) {$collate};";
	}

	/**
	 * Cached entries by asset id.
	 *
	 * @param string[] $asset_ids Asset ids.
	 * @return array<string, array> Entries: status, approved, visible, approved_until, checked_at, fresh_until, seq.
	 */
	public function get( string $channel, array $asset_ids ): array {
		global $wpdb;
		$asset_ids = array_values( array_unique( array_map( 'strval', $asset_ids ) ) );
		if ( ! $asset_ids ) {
			return array();
		}
		$entries = array();
		foreach ( array_chunk( $asset_ids, 500 ) as $chunk ) {
			$placeholders = implode( ',', array_fill( 0, count( $chunk ), '%s' ) );
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the table name is ours; values are placeholders.
			$sql  = $wpdb->prepare( 'SELECT * FROM ' . self::table() . " WHERE channel = %s AND asset_id IN ($placeholders)", array_merge( array( $channel ), $chunk ) );
			$rows = $wpdb->get_results( $sql, ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			foreach ( (array) $rows as $row ) {
				$entries[ $row['asset_id'] ] = self::entry( $row );
			}
		}
		return $entries;
	}

	/**
	 * Stores answers from the batch API.
	 *
	 * @param array<int, array> $items       Batch items.
	 * @param int               $checked_at  The server's evaluatedAt (ms).
	 * @param int               $now_ms      Local now.
	 * @param int               $ttl_ms      Longest trust in an answer.
	 * @return array<string, array> The stored entries by asset id.
	 */
	public function put_batch( string $channel, array $items, int $checked_at, int $now_ms, int $ttl_ms ): array {
		$stored = array();
		foreach ( $items as $item ) {
			if ( ! is_array( $item ) || ! isset( $item['assetId'] ) ) {
				continue;
			}
			$approved_until = Lease::parse_instant( $item['approvedUntil'] ?? null );
			$entry          = array(
				'status'         => (string) ( $item['status'] ?? 'unknown' ),
				'approved'       => ! empty( $item['approved'] ),
				'visible'        => ! empty( $item['visible'] ),
				'approved_until' => $approved_until,
				'checked_at'     => $checked_at,
				'fresh_until'    => Lease::fresh_until( $now_ms, $approved_until, $ttl_ms ),
			);
			$this->upsert( $channel, (string) $item['assetId'], $entry, null );
			$stored[ (string) $item['assetId'] ] = $entry + array( 'seq' => 0 );
		}
		return $stored;
	}

	/**
	 * Applies one webhook event to a cached entry, unless a newer event or a newer batch answer is already stored.
	 *
	 * @param array $event StatusChangedEvent.
	 * @return bool Whether the entry changed.
	 */
	public function apply_event( array $event, int $now_ms, int $ttl_ms ): bool {
		$channel  = (string) $event['channel'];
		$asset_id = (string) $event['assetId'];
		$seq      = (int) $event['seq'];
		$at       = Lease::parse_instant( $event['at'] ?? null ) ?? $now_ms;
		$current  = $this->get( $channel, array( $asset_id ) )[ $asset_id ] ?? null;
		// Deliveries can arrive out of order. Only an entry with a batch answer as its baseline can tell a newer
		// event from an older one (by seq and the server's clock); without one, the next render asks the server.
		if ( null === $current || $seq <= $current['seq'] || $at < $current['checked_at'] ) {
			return false;
		}
		$approved_until = Lease::parse_instant( $event['approvedUntil'] ?? null );
		$this->upsert(
			$channel,
			$asset_id,
			array(
				'status'         => (string) $event['newStatus'],
				'approved'       => ! empty( $event['approved'] ),
				'visible'        => ! empty( $event['visible'] ),
				'approved_until' => $approved_until,
				'checked_at'     => $at,
				'fresh_until'    => Lease::fresh_until( $now_ms, $approved_until, $ttl_ms ),
			),
			$seq
		);
		return true;
	}

	/** Forgets everything, e.g. after the server or channel changed. */
	public function flush(): void {
		global $wpdb;
		$wpdb->query( 'DELETE FROM ' . self::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * @param int|null $seq A webhook event's seq, or null to keep the stored one.
	 */
	private function upsert( string $channel, string $asset_id, array $entry, ?int $seq ): void {
		global $wpdb;
		// Assignments run left to right: checked_at is compared first and replaced last, so an answer older than
		// the stored one (a batch that raced a webhook) changes nothing.
		$keep = static function ( string $column ): string {
			return "{$column} = IF(checked_at > VALUES(checked_at), {$column}, VALUES({$column}))";
		};
		$updates = implode( ', ', array_map( $keep, array( 'status', 'approved', 'visible', 'approved_until', 'fresh_until' ) ) );
		$updates .= null === $seq ? '' : ', seq = GREATEST(seq, VALUES(seq))';
		$updates .= ', checked_at = GREATEST(checked_at, VALUES(checked_at))';
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$sql = 'INSERT INTO ' . self::table() . ' (channel, asset_id, status, approved, visible, approved_until, checked_at, fresh_until, seq)
			VALUES (%s, %s, %s, %d, %d, ' . ( null === $entry['approved_until'] ? 'NULL' : '%d' ) . ", %d, %d, %d)
			ON DUPLICATE KEY UPDATE {$updates}";
		$args = array( $channel, $asset_id, $entry['status'], $entry['approved'] ? 1 : 0, $entry['visible'] ? 1 : 0 );
		if ( null !== $entry['approved_until'] ) {
			$args[] = $entry['approved_until'];
		}
		array_push( $args, $entry['checked_at'], $entry['fresh_until'], $seq ?? 0 );
		$wpdb->query( $wpdb->prepare( $sql, $args ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	private static function entry( array $row ): array {
		return array(
			'status'         => (string) $row['status'],
			'approved'       => (bool) (int) $row['approved'],
			'visible'        => (bool) (int) $row['visible'],
			'approved_until' => null === $row['approved_until'] ? null : (int) $row['approved_until'],
			'checked_at'     => (int) $row['checked_at'],
			'fresh_until'    => (int) $row['fresh_until'],
			'seq'            => (int) $row['seq'],
		);
	}
}
