<?php
/**
 * What happens to attachments with no Likeness link: by default, what the organisation decided for files
 * with no GDPR handling (its "hide unhandled files" setting, read with the settings:read scope).
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Status;

use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class UnlinkedPolicy {

	public const OPTION = 'likeness_tenant';

	private Settings $settings;
	private Client $client;
	private ?bool $memo = null;

	public function __construct( Settings $settings, Client $client ) {
		$this->settings = $settings;
		$this->client   = $client;
	}

	/** Whether an attachment with no Likeness link may be shown. */
	public function visible(): bool {
		if ( null === $this->memo ) {
			$mode = $this->settings->get( 'unlinked' );
			if ( Settings::UNLINKED_SHOW === $mode ) {
				$this->memo = true;
			} elseif ( Settings::UNLINKED_HIDE === $mode ) {
				$this->memo = false;
			} else {
				$tenant     = $this->tenant();
				$this->memo = null !== $tenant && false === $tenant['hideUnhandled'];
			}
			/**
			 * Filters whether attachments that are not linked to Likeness are shown.
			 *
			 * @param bool $visible The decision from the settings.
			 */
			$this->memo = (bool) apply_filters( 'likeness_unlinked_visible', $this->memo );
		}
		return $this->memo;
	}

	/**
	 * The organisation's settings as last read: hideUnhandled, organisationName, unapprovedPolicy and
	 * deliveryChannels, or null if never read.
	 * Read again at most hourly; a failed read keeps the last answer (and with none, unlinked files are hidden).
	 */
	public function tenant( bool $refresh = false ): ?array {
		$stored = get_option( self::OPTION );
		$stored = is_array( $stored ) ? $stored : null;
		$due    = null === $stored || (int) ( $stored['fetched_at'] ?? 0 ) < time() - HOUR_IN_SECONDS || (string) ( $stored['server'] ?? '' ) !== $this->settings->server_url();
		if ( ( $refresh || $due ) && $this->settings->is_connected() && ! get_transient( 'likeness_tenant_backoff' ) ) {
			try {
				$answer = $this->client->get_settings();
				$stored = array(
					'hideUnhandled'    => ! empty( $answer['hideUnhandled'] ),
					'organisationName' => (string) ( $answer['organisationName'] ?? '' ),
					'unapprovedPolicy' => (string) ( $answer['unapprovedPolicy'] ?? '' ),
					'deliveryChannels' => array_values( array_filter( (array) ( $answer['deliveryChannels'] ?? array() ), 'is_string' ) ),
					'fetched_at'       => time(),
					'server'           => $this->settings->server_url(),
					'error'            => null,
				);
				update_option( self::OPTION, $stored, true );
			} catch ( ApiException $e ) {
				set_transient( 'likeness_tenant_backoff', 1, $e->is_outage() ? MINUTE_IN_SECONDS : HOUR_IN_SECONDS );
				if ( null !== $stored ) {
					$stored['error'] = $e->error_code();
				} elseif ( ! $e->is_outage() ) {
					// Readable as "we cannot know": unlinked files stay hidden. The connection test explains why.
					update_option( self::OPTION, array( 'error' => $e->error_code(), 'fetched_at' => time(), 'server' => $this->settings->server_url() ), false );
				}
			}
		}
		$this->memo = null;
		return null !== $stored && array_key_exists( 'hideUnhandled', $stored ) ? $stored : null;
	}

	public function forget(): void {
		delete_option( self::OPTION );
		delete_transient( 'likeness_tenant_backoff' );
		$this->memo = null;
	}
}
