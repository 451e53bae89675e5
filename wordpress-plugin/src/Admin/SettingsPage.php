<?php
/**
 * Settings → Likeness: server, API key, channel, policy, live hiding, webhook, and a connection test.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Admin;

use Likeness\WordPress\Rest\WebhookController;
use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class SettingsPage {

	public const SLUG        = 'likeness';
	private const TEST_ACTION = 'likeness_test_connection';

	private Settings $settings;
	private ConnectionCheck $test;

	public function __construct( Settings $settings, ConnectionCheck $test ) {
		$this->settings = $settings;
		$this->test     = $test;
	}

	public function register(): void {
		add_action( 'admin_menu', array( $this, 'menu' ) );
		add_action( 'admin_init', array( $this, 'settings' ) );
		add_action( 'admin_post_' . self::TEST_ACTION, array( $this, 'run_test' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( LIKENESS_FILE ), array( $this, 'action_links' ) );
	}

	public function menu(): void {
		add_options_page( __( 'Likeness', 'likeness' ), __( 'Likeness', 'likeness' ), 'manage_options', self::SLUG, array( $this, 'render' ) );
	}

	public function action_links( $links ) {
		array_unshift( $links, '<a href="' . esc_url( admin_url( 'options-general.php?page=' . self::SLUG ) ) . '">' . esc_html__( 'Settings', 'likeness' ) . '</a>' );
		return $links;
	}

	public function settings(): void {
		register_setting(
			'likeness',
			Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( $this->settings, 'sanitize' ),
				'default'           => Settings::defaults(),
				'show_in_rest'      => false,
			)
		);

		add_settings_section( 'likeness_server', __( 'Likeness server', 'likeness' ), array( $this, 'server_intro' ), self::SLUG );
		$this->field( 'server_url', __( 'Server URL', 'likeness' ), 'likeness_server', 'url', __( 'For example https://likeness.example.se', 'likeness' ) );
		$this->field( 'api_key', __( 'API key', 'likeness' ), 'likeness_server', 'secret', __( 'Create a key in Likeness with the scopes status:read, usages:write and assets:read (and settings:read to follow the organisation\'s setting for unhandled files).', 'likeness' ) );
		$this->field( 'channel', __( 'Channel', 'likeness' ), 'likeness_server', 'text', __( 'The channel this site publishes to, as named in Likeness (usually web).', 'likeness' ) );

		add_settings_section( 'likeness_policy', __( 'Images that are not approved', 'likeness' ), '__return_false', self::SLUG );
		add_settings_field( 'likeness_policy', __( 'Non-approved images', 'likeness' ), array( $this, 'policy_field' ), self::SLUG, 'likeness_policy', array( 'label_for' => 'likeness-policy' ) );
		add_settings_field( 'likeness_unlinked', __( 'Images not linked to Likeness', 'likeness' ), array( $this, 'unlinked_field' ), self::SLUG, 'likeness_policy', array( 'label_for' => 'likeness-unlinked' ) );

		add_settings_section( 'likeness_files', __( 'Image files', 'likeness' ), '__return_false', self::SLUG );
		add_settings_field( 'likeness_serve_from', __( 'Serve approved images from', 'likeness' ), array( $this, 'serve_from_field' ), self::SLUG, 'likeness_files', array( 'label_for' => 'likeness-serve-from' ) );

		add_settings_section( 'likeness_live', __( 'Live updates', 'likeness' ), array( $this, 'live_intro' ), self::SLUG );
		$this->field( 'public_key', __( 'Public browser key', 'likeness' ), 'likeness_live', 'text', __( 'A public key (scope status:read) allowed for this site\'s address. Pages open in visitors\' browsers then hide an image the moment consent ends.', 'likeness' ) );
		$this->field( 'webhook_secret', __( 'Webhook secret', 'likeness' ), 'likeness_live', 'secret', __( 'Register the webhook URL above in Likeness and paste the secret it shows once.', 'likeness' ) );
	}

	private function field( string $key, string $label, string $section, string $type, string $help ): void {
		add_settings_field(
			'likeness_' . $key,
			$label,
			array( $this, 'input_field' ),
			self::SLUG,
			$section,
			array(
				'label_for' => 'likeness-' . str_replace( '_', '-', $key ),
				'key'       => $key,
				'type'      => $type,
				'help'      => $help,
			)
		);
	}

	public function server_intro(): void {
		echo '<p>' . esc_html__( 'Likeness knows who appears in each image and whether their consent holds. This site shows only images that are approved for its channel.', 'likeness' ) . '</p>';
	}

	public function live_intro(): void {
		echo '<p>' . esc_html__( 'Webhook URL to register in Likeness:', 'likeness' ) . ' <code>' . esc_html( WebhookController::url() ) . '</code></p>';
		$last = get_option( WebhookController::LAST_OPTION );
		if ( is_array( $last ) && isset( $last['at'] ) ) {
			/* translators: 1: date and time; 2: outcome such as "applied". */
			echo '<p class="description">' . esc_html( sprintf( __( 'Last webhook received %1$s (%2$s).', 'likeness' ), wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $last['at'] ), (string) $last['outcome'] ) ) . '</p>';
		}
	}

	/**
	 * @param array $args key, type, help, label_for.
	 */
	public function input_field( array $args ): void {
		$key    = $args['key'];
		$value  = $this->settings->get( $key );
		$locked = $this->settings->is_locked( $key );
		$name   = Settings::OPTION . '[' . $key . ']';
		if ( 'secret' === $args['type'] ) {
			$placeholder = '' !== $value ? __( 'Saved. Leave empty to keep it.', 'likeness' ) : '';
			printf(
				'<input type="password" id="%1$s" name="%2$s" value="" class="regular-text" autocomplete="off" placeholder="%3$s" %4$s />',
				esc_attr( $args['label_for'] ),
				esc_attr( $name ),
				esc_attr( $placeholder ),
				disabled( $locked, true, false )
			);
			if ( '' !== $value && ! $locked ) {
				printf( ' <label><input type="checkbox" name="%1$s" value="1" /> %2$s</label>', esc_attr( Settings::OPTION . '[' . $key . '_clear]' ), esc_html__( 'Remove', 'likeness' ) );
			}
		} else {
			printf(
				'<input type="%1$s" id="%2$s" name="%3$s" value="%4$s" class="regular-text" %5$s />',
				esc_attr( 'url' === $args['type'] ? 'url' : 'text' ),
				esc_attr( $args['label_for'] ),
				esc_attr( $name ),
				esc_attr( $value ),
				disabled( $locked, true, false )
			);
		}
		echo '<p class="description">' . esc_html( $args['help'] ) . '</p>';
		if ( $locked ) {
			echo '<p class="description">' . esc_html__( 'Set in wp-config.php.', 'likeness' ) . '</p>';
		}
	}

	public function policy_field(): void {
		$this->select(
			'policy',
			'likeness-policy',
			array(
				Settings::POLICY_HIDE        => __( 'Hide them: they are not output at all', 'likeness' ),
				Settings::POLICY_PLACEHOLDER => __( 'Replace them with a neutral placeholder', 'likeness' ),
			),
			__( 'Alt text and captions of a non-approved image are removed too.', 'likeness' )
		);
	}

	public function unlinked_field(): void {
		$this->select(
			'unlinked',
			'likeness-unlinked',
			array(
				Settings::UNLINKED_TENANT => __( 'As the organisation decided in Likeness for files with no GDPR handling', 'likeness' ),
				Settings::UNLINKED_SHOW   => __( 'Show them', 'likeness' ),
				Settings::UNLINKED_HIDE   => __( 'Hide them', 'likeness' ),
			),
			__( 'Media Library files that were not imported from Likeness and not linked to an image there.', 'likeness' )
		);
	}

	public function serve_from_field(): void {
		$this->select(
			'serve_from',
			'likeness-serve-from',
			array(
				Settings::SERVE_UPLOADS  => __( 'This site\'s uploads folder', 'likeness' ),
				Settings::SERVE_LIKENESS => __( 'Likeness delivery URLs, which stop answering the moment consent ends', 'likeness' ),
			),
			__( 'Delivery URLs also keep copies in feeds, newsletters and other sites\' caches from outliving consent. The organisation switches them on per channel in Likeness; until it has for this site\'s channel, the uploads folder is used. Cropped sizes always come from the uploads folder.', 'likeness' )
		);
	}

	/**
	 * @param array<string, string> $options Value → label.
	 */
	private function select( string $key, string $id, array $options, string $help ): void {
		$current = $this->settings->get( $key );
		echo '<select id="' . esc_attr( $id ) . '" name="' . esc_attr( Settings::OPTION . '[' . $key . ']' ) . '">';
		foreach ( $options as $value => $label ) {
			echo '<option value="' . esc_attr( $value ) . '"' . selected( $current, $value, false ) . '>' . esc_html( $label ) . '</option>';
		}
		echo '</select><p class="description">' . esc_html( $help ) . '</p>';
	}

	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap likeness-settings"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		settings_errors( Settings::OPTION );
		$this->render_test_results();
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( 'likeness' );
		do_settings_sections( self::SLUG );
		submit_button();
		echo '</form>';

		echo '<h2>' . esc_html__( 'Connection test', 'likeness' ) . '</h2>';
		echo '<p>' . esc_html__( 'Checks that the server answers and what the API key may do. Save your changes first.', 'likeness' ) . '</p>';
		echo '<form action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" method="post">';
		echo '<input type="hidden" name="action" value="' . esc_attr( self::TEST_ACTION ) . '" />';
		wp_nonce_field( self::TEST_ACTION );
		submit_button( __( 'Test the connection', 'likeness' ), 'secondary', 'likeness-test', false );
		echo '</form></div>';
	}

	public function run_test(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'likeness' ), 403 );
		}
		check_admin_referer( self::TEST_ACTION );
		set_transient( 'likeness_test_' . get_current_user_id(), $this->test->run(), 5 * MINUTE_IN_SECONDS );
		wp_safe_redirect( add_query_arg( 'likeness-tested', '1', admin_url( 'options-general.php?page=' . self::SLUG ) ) );
		exit;
	}

	private function render_test_results(): void {
		$key     = 'likeness_test_' . get_current_user_id();
		$results = get_transient( $key );
		if ( ! is_array( $results ) ) {
			return;
		}
		delete_transient( $key );
		echo '<div class="likeness-connection-test">';
		foreach ( $results as list( $level, $message ) ) {
			$class = ConnectionCheck::OK === $level ? 'notice-success' : ( ConnectionCheck::WARN === $level ? 'notice-warning' : 'notice-error' );
			echo '<div class="notice ' . esc_attr( $class ) . ' inline" data-likeness-test="' . esc_attr( $level ) . '"><p>' . esc_html( $message ) . '</p></div>';
		}
		echo '</div>';
	}
}
