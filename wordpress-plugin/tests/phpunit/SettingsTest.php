<?php
/**
 * Settings: sanitising through the Settings API, secrets kept when left empty, the settings page and connection test.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Admin\ConnectionCheck;
use Likeness\WordPress\Settings;

final class SettingsTest extends TestCase {

	private function sanitize( array $input ): array {
		return $this->plugin()->settings->sanitize( $input );
	}

	public function test_secrets_left_empty_keep_their_saved_value_and_can_be_removed(): void {
		$clean = $this->sanitize( array( 'api_key' => '', 'webhook_secret' => '   ' ) );
		$this->assertSame( 'lk_test_key', $clean['api_key'] );
		$this->assertSame( 'whsec_test', $clean['webhook_secret'] );
		$this->assertSame( 'lk_new', $this->sanitize( array( 'api_key' => ' lk_new ' ) )['api_key'] );
		$this->assertSame( '', $this->sanitize( array( 'webhook_secret_clear' => '1' ) )['webhook_secret'] );
	}

	public function test_urls_channels_and_choices_are_validated(): void {
		$this->assertSame( 'http://127.0.0.1:3000', $this->sanitize( array( 'server_url' => 'http://127.0.0.1:3000/' ) )['server_url'] );
		$this->assertSame( 'https://likeness.internal:8443/base', $this->sanitize( array( 'server_url' => 'https://likeness.internal:8443/base' ) )['server_url'] );
		$this->assertSame( 'http://likeness.test', $this->sanitize( array( 'server_url' => 'javascript:alert(1)' ) )['server_url'], 'refused: the old value stays' );
		$this->assertSame( 'web', $this->sanitize( array( 'channel' => 'Not a channel!' ) )['channel'] );
		$this->assertSame( 'print-2', $this->sanitize( array( 'channel' => 'Print-2' ) )['channel'] );
		$this->assertSame( 'hide', $this->sanitize( array( 'policy' => 'show-everything' ) )['policy'] );
		$this->assertSame( 'placeholder', $this->sanitize( array( 'policy' => 'placeholder' ) )['policy'] );
		$this->assertSame( 'tenant', $this->sanitize( array( 'unlinked' => 'maybe' ) )['unlinked'] );
		$this->assertSame( array_keys( Settings::defaults() ), array_keys( $this->sanitize( array( 'evil' => 'x' ) ) ) );
		$errors = wp_list_pluck( get_settings_errors( Settings::OPTION ), 'code' );
		$this->assertContains( 'likeness_server_url', $errors );
		$this->assertContains( 'likeness_channel', $errors );
	}

	public function test_the_settings_page_renders_without_secrets_and_with_nonces(): void {
		set_current_screen( 'settings_page_likeness' );
		$this->plugin()->settings_page->settings();
		ob_start();
		$this->plugin()->settings_page->render();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'name="likeness_settings[server_url]" value="http://likeness.test"', $html );
		$this->assertStringNotContainsString( 'lk_test_key', $html );
		$this->assertStringNotContainsString( 'whsec_test', $html );
		$this->assertStringContainsString( "name='option_page' value='likeness'", $html );
		$this->assertStringNotContainsString( 'notice-error', $html );
		$this->assertStringContainsString( 'name="action" value="likeness_test_connection"', $html );
		$this->assertMatchesRegularExpression( '/name="_wpnonce" value="[0-9a-f]{10}"/', $html );
		$this->assertStringContainsString( 'rest_route=/likeness/v1/webhook', $html, 'shows the webhook URL to register' );
	}

	public function test_the_page_is_only_for_administrators(): void {
		$editor = wp_insert_user( array( 'user_login' => 'ed' . wp_rand(), 'user_pass' => 'x', 'role' => 'editor' ) );
		wp_set_current_user( $editor );
		ob_start();
		$this->plugin()->settings_page->render();
		$this->assertSame( '', ob_get_clean() );
	}

	public function test_the_connection_test_reports_what_the_key_may_do(): void {
		$results = $this->plugin()->connection_check->run();
		$levels  = array_column( $results, 0 );
		$this->assertNotContains( ConnectionCheck::ERROR, $levels, print_r( $results, true ) );
		$text = implode( "\n", array_column( $results, 1 ) );
		$this->assertStringContainsString( 'Testkommunen', $text );
		$this->assertStringContainsString( 'status:read', $text );
		$this->assertCount( 1, $this->server->calls( 'PUT', '/usages' ), 'usages:write is probed with an empty report' );
	}

	public function test_the_connection_test_explains_failures(): void {
		$this->server->failure = 'down';
		$this->assertSame( ConnectionCheck::ERROR, $this->plugin()->connection_check->run()[0][0] );

		$this->server->failure = 401;
		$results               = $this->plugin()->connection_check->run();
		$this->assertSame( ConnectionCheck::ERROR, $results[0][0] );

		$this->settings( array( 'server_url' => '' ) );
		$this->assertStringContainsString( 'address', $this->plugin()->connection_check->run()[0][1] );
	}

	public function test_constants_in_wp_config_win(): void {
		$this->assertFalse( $this->plugin()->settings->is_locked( 'api_key' ) );
		$this->assertSame( 'web', $this->plugin()->settings->channel() );
	}
}
