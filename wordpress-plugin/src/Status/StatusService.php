<?php
/**
 * Decides which assets may be shown: cached answers while fresh, one batch call for the rest, fail closed.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Status;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class StatusService {

	/** After a failed call, page renders do not ask again for this long (seconds). */
	private const BACKOFF_TRANSIENT = 'likeness_backoff';

	private Settings $settings;
	private Client $client;
	private StatusCache $cache;

	/** Decisions made during this request, by channel and asset id. */
	private array $memo = array();

	/** Whether the last lookup reached the server (for diagnostics and tests). */
	private ?string $last_error = null;

	public function __construct( Settings $settings, Client $client, StatusCache $cache ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->cache    = $cache;
	}

	/**
	 * Decisions for assets in the site's channel. At most one batch call per 500 ids not freshly cached.
	 *
	 * @param string[] $asset_ids Asset ids.
	 * @return array<string, Decision>
	 */
	public function decide( array $asset_ids ): array {
		$channel   = $this->settings->channel();
		$asset_ids = array_values( array_unique( array_filter( array_map( 'strval', $asset_ids ), array( self::class, 'valid_id' ) ) ) );
		$memo      = $this->memo[ $channel ] ?? array();
		$wanted    = array_values( array_diff( $asset_ids, array_keys( $memo ) ) );
		if ( $wanted ) {
			$now     = Lease::now_ms();
			$entries = $this->cache->get( $channel, $wanted );
			$stale   = array_values(
				array_filter(
					$wanted,
					static function ( string $id ) use ( $entries, $now ): bool {
						return ! isset( $entries[ $id ] ) || ! Lease::is_fresh( $entries[ $id ], $now );
					}
				)
			);
			if ( $stale ) {
				$entries = array_merge( $entries, $this->fetch( $channel, $stale, $now ) );
			}
			foreach ( $wanted as $id ) {
				$memo[ $id ] = $this->decision( $id, $entries[ $id ] ?? null, $now );
			}
			$this->memo[ $channel ] = $memo;
		}
		return array_intersect_key( $memo, array_flip( $asset_ids ) );
	}

	public function decide_one( string $asset_id ): Decision {
		return $this->decide( array( $asset_id ) )[ $asset_id ] ?? new Decision( $asset_id, false, 'unknown', false, null, 'none' );
	}

	/**
	 * Applies a webhook event to the cache at once.
	 *
	 * @param array $event StatusChangedEvent.
	 */
	public function apply_event( array $event ): bool {
		$changed = $this->cache->apply_event( $event, Lease::now_ms(), $this->ttl_ms() );
		unset( $this->memo[ (string) $event['channel'] ][ (string) $event['assetId'] ] );
		return $changed;
	}

	/** Whether the cache holds an answer for the asset (in the site's channel). */
	public function is_cached( string $asset_id ): bool {
		return array() !== $this->cache->get( $this->settings->channel(), array( $asset_id ) );
	}

	/** Forgets this request's decisions (the cache in the database stays). */
	public function reset(): void {
		$this->memo = array();
	}

	public function last_error(): ?string {
		return $this->last_error;
	}

	public static function valid_id( string $id ): bool {
		return '' !== $id && strlen( $id ) <= 100 && (bool) preg_match( '/^[A-Za-z0-9_-]+$/', $id );
	}

	/**
	 * Asks the server; on failure remembers it for a short while so that renders do not pile up on timeouts.
	 *
	 * @param string[] $asset_ids Ids to refresh.
	 * @return array<string, array> Fresh entries.
	 */
	private function fetch( string $channel, array $asset_ids, int $now ): array {
		if ( ! $this->settings->is_connected() ) {
			$this->last_error = 'not_configured';
			return array();
		}
		if ( get_transient( self::BACKOFF_TRANSIENT ) ) {
			$this->last_error = 'backoff';
			return array();
		}
		$fresh = array();
		try {
			foreach ( array_chunk( $asset_ids, 500 ) as $chunk ) {
				$answer     = $this->client->status_batch( $channel, $chunk );
				$checked_at = Lease::parse_instant( $answer['evaluatedAt'] ?? null ) ?? $now;
				$fresh      = array_merge( $fresh, $this->cache->put_batch( $channel, (array) ( $answer['items'] ?? array() ), $checked_at, $now, $this->ttl_ms() ) );
			}
			$this->last_error = null;
		} catch ( ApiException $e ) {
			$this->last_error = $e->error_code();
			/**
			 * Filters how long (seconds) renders skip the server after a failed status call.
			 *
			 * @param int $seconds Default 30.
			 */
			$backoff = (int) apply_filters( 'likeness_backoff_seconds', 30 );
			if ( $backoff > 0 ) {
				set_transient( self::BACKOFF_TRANSIENT, $e->error_code(), $backoff );
			}
			/**
			 * Fires when the Likeness server could not answer a status lookup. Stale approvals hold until their lease.
			 *
			 * @param ApiException $e The failure.
			 */
			do_action( 'likeness_status_unavailable', $e );
		}
		return $fresh;
	}

	private function decision( string $id, ?array $entry, int $now ): Decision {
		if ( null === $entry ) {
			return new Decision( $id, false, 'unknown', false, null, 'none' );
		}
		$visible = Lease::visible( $entry, $now, $this->max_offline_ms() );
		$source  = Lease::is_fresh( $entry, $now ) ? 'fresh' : 'cached';
		return new Decision( $id, $visible, $entry['status'], $entry['approved'], $entry['approved_until'], $source );
	}

	/** How long an answer is trusted before asking again (webhooks keep it current in between). */
	public function ttl_ms(): int {
		$default = '' !== $this->settings->get( 'webhook_secret' ) ? HOUR_IN_SECONDS : 5 * MINUTE_IN_SECONDS;
		/**
		 * Filters how long (seconds) a status answer is used before the server is asked again.
		 * Never beyond an approval's lease (approvedUntil).
		 *
		 * @param int $seconds One hour when webhooks are set up, five minutes otherwise.
		 */
		return 1000 * max( 0, (int) apply_filters( 'likeness_status_ttl', $default ) );
	}

	/** How long an approval with no end date is held while the server cannot be reached. */
	private function max_offline_ms(): int {
		/**
		 * Filters how long (seconds) an approval without an end date is trusted while the Likeness server is unreachable.
		 *
		 * @param int $seconds Default one day.
		 */
		return 1000 * max( 0, (int) apply_filters( 'likeness_max_offline', DAY_IN_SECONDS ) );
	}
}
