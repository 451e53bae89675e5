<?php
/**
 * POST /wp-json/likeness/v1/webhook: signed status changes from the Likeness server.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Rest;

use Likeness\WordPress\Cache\Purger;
use Likeness\WordPress\Settings;
use Likeness\WordPress\Status\StatusService;
use Likeness\WordPress\Webhook\Signature;

defined( 'ABSPATH' ) || exit;

class WebhookController {

	public const NAMESPACE   = 'likeness/v1';
	public const ROUTE       = '/webhook';
	public const LAST_OPTION = 'likeness_webhook_last';

	private Settings $settings;
	private StatusService $status;
	private Purger $purger;

	public function __construct( Settings $settings, StatusService $status, Purger $purger ) {
		$this->settings = $settings;
		$this->status   = $status;
		$this->purger   = $purger;
	}

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'routes' ) );
	}

	public function routes(): void {
		register_rest_route(
			self::NAMESPACE,
			self::ROUTE,
			array(
				'methods'             => 'POST',
				'callback'            => array( $this, 'receive' ),
				// Authenticated by its HMAC signature, checked in the callback against the raw body.
				'permission_callback' => '__return_true',
			)
		);
	}

	public static function url(): string {
		return rest_url( self::NAMESPACE . self::ROUTE );
	}

	/**
	 * @param \WP_REST_Request $request The delivery.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function receive( \WP_REST_Request $request ) {
		$body    = $request->get_body();
		$outcome = Signature::verify( (string) $request->get_header( 'x_likeness_signature' ), $body, $this->settings->get( 'webhook_secret' ), time() );
		if ( Signature::OK !== $outcome ) {
			$this->remember( 'rejected: ' . $outcome );
			$status = Signature::NO_SECRET === $outcome ? 503 : 401;
			return new \WP_Error( 'likeness_bad_signature', __( 'The webhook signature is missing, wrong or too old.', 'likeness' ), array( 'status' => $status, 'reason' => $outcome ) );
		}

		$event = json_decode( $body, true );
		if ( ! is_array( $event ) || 'asset.status.changed' !== ( $event['type'] ?? null ) ) {
			// Signed, but not something this plugin acts on (a newer event type): accept, so it is not retried.
			$this->remember( 'ignored' );
			return new \WP_REST_Response( array( 'ok' => true, 'applied' => false ), 200 );
		}
		foreach ( array( 'seq', 'assetId', 'channel', 'newStatus' ) as $field ) {
			if ( ! isset( $event[ $field ] ) ) {
				return new \WP_Error( 'likeness_bad_event', __( 'The event is incomplete.', 'likeness' ), array( 'status' => 400 ) );
			}
		}
		if ( ! StatusService::valid_id( (string) $event['assetId'] ) ) {
			return new \WP_Error( 'likeness_bad_event', __( 'The event is incomplete.', 'likeness' ), array( 'status' => 400 ) );
		}
		if ( (string) $event['channel'] !== $this->settings->channel() ) {
			$this->remember( 'other channel' );
			return new \WP_REST_Response( array( 'ok' => true, 'applied' => false ), 200 );
		}

		$applied = $this->status->apply_event( $event );
		$purged  = $applied ? $this->purger->purge_asset( (string) $event['assetId'], $event ) : array();
		$this->remember( $applied ? 'applied' : 'not cached or already known', (int) $event['seq'] );
		/**
		 * Fires after a signed status change was received.
		 *
		 * @param array $event   The StatusChangedEvent.
		 * @param bool  $applied False when a newer status was already known (a late or repeated delivery),
		 *                       or the asset is not cached here (its status is asked when it is next shown).
		 */
		do_action( 'likeness_status_changed', $event, $applied );
		return new \WP_REST_Response( array( 'ok' => true, 'applied' => $applied, 'purged' => count( $purged ) ), 200 );
	}

	private function remember( string $outcome, int $seq = 0 ): void {
		update_option( self::LAST_OPTION, array( 'at' => time(), 'outcome' => $outcome, 'seq' => $seq ), false );
	}
}
