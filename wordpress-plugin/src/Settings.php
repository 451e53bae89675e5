<?php
/**
 * The plugin's settings: one option, with wp-config.php constants taking precedence for secrets.
 *
 * @package Likeness
 */

namespace Likeness\WordPress;

defined( 'ABSPATH' ) || exit;

final class Settings {

	public const OPTION = 'likeness_settings';

	/** Non-approved images are not output at all. */
	public const POLICY_HIDE = 'hide';
	/** Non-approved images are replaced by a neutral placeholder of the same size. */
	public const POLICY_PLACEHOLDER = 'placeholder';

	/** Images with no Likeness link follow the organisation's "hide files with no GDPR handling" setting. */
	public const UNLINKED_TENANT = 'tenant';
	public const UNLINKED_SHOW   = 'show';
	public const UNLINKED_HIDE   = 'hide';

	/** Image files are served from the uploads folder, as WordPress does. */
	public const SERVE_UPLOADS = 'uploads';
	/** Linked, approved images are served from Likeness's consent-enforced delivery URLs. */
	public const SERVE_LIKENESS = 'likeness';

	/** Settings that a wp-config.php constant may fix, so secrets need not live in the database. */
	private const CONSTANTS = array(
		'server_url'     => 'LIKENESS_SERVER_URL',
		'api_key'        => 'LIKENESS_API_KEY',
		'channel'        => 'LIKENESS_CHANNEL',
		'public_key'     => 'LIKENESS_PUBLIC_KEY',
		'webhook_secret' => 'LIKENESS_WEBHOOK_SECRET',
	);

	public static function defaults(): array {
		return array(
			'server_url'     => '',
			'api_key'        => '',
			'channel'        => 'web',
			'policy'         => self::POLICY_HIDE,
			'unlinked'       => self::UNLINKED_TENANT,
			'serve_from'     => self::SERVE_UPLOADS,
			'public_key'     => '',
			'webhook_secret' => '',
		);
	}

	/** Every setting, constants applied. */
	public function all(): array {
		$stored = get_option( self::OPTION, array() );
		$values = array_merge( self::defaults(), is_array( $stored ) ? array_intersect_key( $stored, self::defaults() ) : array() );
		foreach ( self::CONSTANTS as $key => $constant ) {
			if ( defined( $constant ) ) {
				$values[ $key ] = (string) constant( $constant );
			}
		}
		return $values;
	}

	public function get( string $key ): string {
		$all = $this->all();
		return isset( $all[ $key ] ) ? (string) $all[ $key ] : '';
	}

	/** Whether a constant in wp-config.php fixes this setting. */
	public function is_locked( string $key ): bool {
		return isset( self::CONSTANTS[ $key ] ) && defined( self::CONSTANTS[ $key ] );
	}

	public function server_url(): string {
		return untrailingslashit( $this->get( 'server_url' ) );
	}

	public function channel(): string {
		$channel = $this->get( 'channel' );
		return '' === $channel ? 'web' : $channel;
	}

	public function policy(): string {
		return self::POLICY_PLACEHOLDER === $this->get( 'policy' ) ? self::POLICY_PLACEHOLDER : self::POLICY_HIDE;
	}

	/** A server URL and an API key: the plugin can ask for statuses. */
	public function is_connected(): bool {
		return '' !== $this->server_url() && '' !== $this->get( 'api_key' );
	}

	/**
	 * Cleans submitted values. Secrets left empty keep their saved value, so the form never has to echo them.
	 *
	 * @param mixed $input Raw form values.
	 */
	public function sanitize( $input ): array {
		$input    = is_array( $input ) ? wp_unslash( $input ) : array();
		$previous = get_option( self::OPTION, array() );
		$previous = array_merge( self::defaults(), is_array( $previous ) ? $previous : array() );
		$clean    = $previous;

		if ( isset( $input['server_url'] ) ) {
			$url = trim( (string) $input['server_url'] );
			if ( '' === $url ) {
				$clean['server_url'] = '';
			} elseif ( filter_var( $url, FILTER_VALIDATE_URL ) && preg_match( '#^https?://[^/?\#]+#i', $url ) ) {
				// Any http(s) address an administrator enters, including internal hosts and ports.
				$clean['server_url'] = untrailingslashit( esc_url_raw( $url, array( 'http', 'https' ) ) );
			} else {
				$this->error( 'server_url', __( 'The Likeness server URL must be an http or https address.', 'likeness' ) );
			}
		}

		foreach ( array( 'api_key', 'webhook_secret' ) as $secret ) {
			if ( ! empty( $input[ $secret . '_clear' ] ) ) {
				$clean[ $secret ] = '';
			} elseif ( isset( $input[ $secret ] ) && '' !== trim( (string) $input[ $secret ] ) ) {
				$clean[ $secret ] = sanitize_text_field( trim( (string) $input[ $secret ] ) );
			}
		}

		if ( isset( $input['public_key'] ) ) {
			$clean['public_key'] = sanitize_text_field( trim( (string) $input['public_key'] ) );
		}

		if ( isset( $input['channel'] ) ) {
			$channel = strtolower( trim( (string) $input['channel'] ) );
			if ( preg_match( '/^[a-z0-9][a-z0-9_-]{0,39}$/', $channel ) ) {
				$clean['channel'] = $channel;
			} else {
				$this->error( 'channel', __( 'A channel is a lower-case word: letters, digits, - and _.', 'likeness' ) );
			}
		}

		if ( isset( $input['policy'] ) ) {
			$clean['policy'] = self::POLICY_PLACEHOLDER === $input['policy'] ? self::POLICY_PLACEHOLDER : self::POLICY_HIDE;
		}

		if ( isset( $input['serve_from'] ) ) {
			$clean['serve_from'] = self::SERVE_LIKENESS === $input['serve_from'] ? self::SERVE_LIKENESS : self::SERVE_UPLOADS;
		}

		if ( isset( $input['unlinked'] ) ) {
			$clean['unlinked'] = in_array( $input['unlinked'], array( self::UNLINKED_SHOW, self::UNLINKED_HIDE ), true ) ? $input['unlinked'] : self::UNLINKED_TENANT;
		}

		return array_intersect_key( $clean, self::defaults() );
	}

	private function error( string $field, string $message ): void {
		if ( function_exists( 'add_settings_error' ) ) {
			add_settings_error( self::OPTION, 'likeness_' . $field, $message );
		}
	}
}
