<?php
/**
 * Checks the connection to the Likeness server, and what the API key may do.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Admin;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Settings;
use Likeness\WordPress\Status\UnlinkedPolicy;
use Likeness\WordPress\Usage\UsageReporter;

defined( 'ABSPATH' ) || exit;

class ConnectionCheck {

	public const OK    = 'ok';
	public const WARN  = 'warning';
	public const ERROR = 'error';

	private Settings $settings;
	private Client $client;
	private UnlinkedPolicy $unlinked;
	private UsageReporter $usages;

	public function __construct( Settings $settings, Client $client, UnlinkedPolicy $unlinked, UsageReporter $usages ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->unlinked = $unlinked;
		$this->usages   = $usages;
	}

	/**
	 * @return array<int, array{0: string, 1: string}> Results: level and message.
	 */
	public function run(): array {
		$results = array();
		if ( '' === $this->settings->server_url() ) {
			return array( array( self::ERROR, __( 'Enter the address of your Likeness server.', 'likeness' ) ) );
		}
		if ( '' === $this->settings->get( 'api_key' ) ) {
			return array( array( self::ERROR, __( 'Enter an API key (create one in Likeness under API keys).', 'likeness' ) ) );
		}

		try {
			$health = $this->client->health();
			/* translators: 1: version number; 2: database kind. */
			$results[] = array( self::OK, sprintf( __( 'Reached Likeness %1$s (%2$s).', 'likeness' ), (string) ( $health['version'] ?? '?' ), (string) ( $health['database'] ?? '?' ) ) );
		} catch ( ApiException $e ) {
			return array( array( self::ERROR, $e->getMessage() ) );
		}

		$results[] = $this->probe(
			'status:read',
			function () {
				$this->client->status_batch( $this->settings->channel(), array( wp_generate_uuid4() ) );
			},
			__( 'The API key may read statuses (status:read).', 'likeness' ),
			self::ERROR
		);
		$results[] = $this->probe(
			'assets:read',
			function () {
				$this->client->list_assets( array( 'limit' => 1 ) );
			},
			__( 'The API key may browse the image bank (assets:read): editors can insert images from Likeness.', 'likeness' ),
			self::WARN
		);
		$results[] = $this->probe(
			'usages:write',
			function () {
				$this->client->report_usages( $this->usages->integration(), $this->settings->channel(), home_url( '/?likeness-connection-test' ), 'Connection test', array() );
			},
			__( 'The API key may report where images are published (usages:write).', 'likeness' ),
			self::WARN
		);

		$tenant = $this->unlinked->tenant( true );
		if ( null !== $tenant ) {
			/* translators: %s: organisation name. */
			$results[] = array( self::OK, sprintf( __( 'Connected to the organisation "%s".', 'likeness' ), $tenant['organisationName'] ) );
			$results[] = array( self::OK, $tenant['hideUnhandled'] ? __( 'Images not linked to Likeness are hidden (the organisation hides files with no GDPR handling).', 'likeness' ) : __( 'Images not linked to Likeness are shown (the organisation does not hide files with no GDPR handling).', 'likeness' ) );
			if ( Settings::SERVE_LIKENESS === $this->settings->get( 'serve_from' ) && in_array( $this->settings->channel(), (array) ( $tenant['deliveryChannels'] ?? array() ), true ) ) {
				$results[] = array( self::OK, __( 'Approved images are served from Likeness delivery URLs.', 'likeness' ) );
			} elseif ( Settings::SERVE_LIKENESS === $this->settings->get( 'serve_from' ) ) {
				/* translators: %s: channel, e.g. "web". */
				$results[] = array( self::WARN, sprintf( __( 'The organisation has not switched on delivery URLs for the channel %s in Likeness, so images are served from the uploads folder.', 'likeness' ), $this->settings->channel() ) );
			}
		} elseif ( Settings::UNLINKED_TENANT === $this->settings->get( 'unlinked' ) ) {
			$results[] = array( self::WARN, __( 'The API key may not read the organisation\'s settings (settings:read), so images not linked to Likeness are hidden. Add the scope, or choose below what happens to them.', 'likeness' ) );
		}

		if ( '' === $this->settings->get( 'webhook_secret' ) ) {
			$results[] = array( self::WARN, __( 'No webhook secret: status changes reach the site only when the cache is refreshed (every five minutes).', 'likeness' ) );
		}
		if ( '' === $this->settings->get( 'public_key' ) ) {
			$results[] = array( self::WARN, __( 'No public browser key: pages already open in a visitor\'s browser are not updated live.', 'likeness' ) );
		}
		return $results;
	}

	/**
	 * @param callable $call    The request.
	 * @param string   $success Message when it works.
	 * @param string   $level   Level when the scope is missing.
	 */
	private function probe( string $scope, callable $call, string $success, string $level ): array {
		try {
			$call();
			return array( self::OK, $success );
		} catch ( ApiException $e ) {
			if ( 401 === $e->status() ) {
				return array( self::ERROR, __( 'The API key was refused: it is wrong or has been revoked.', 'likeness' ) );
			}
			if ( 403 === $e->status() ) {
				/* translators: %s: an API key scope such as status:read. */
				return array( $level, sprintf( __( 'The API key lacks the scope %s.', 'likeness' ), $scope ) );
			}
			return array( self::ERROR, $e->getMessage() );
		}
	}
}
