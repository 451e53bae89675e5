<?php
/**
 * Swedish translations: the .mo for PHP strings and the JSON for the editor script, as WordPress loads them.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Editor\EditorAssets;

final class I18nTest extends TestCase {

	public static function swedish(): string {
		return 'sv_SE';
	}

	protected function tearDown(): void {
		remove_filter( 'plugin_locale', array( self::class, 'swedish' ) );
		remove_filter( 'determine_locale', array( self::class, 'swedish' ) );
		unload_textdomain( 'likeness' );
		parent::tearDown();
	}

	public function test_php_strings_are_translated_to_swedish(): void {
		add_filter( 'plugin_locale', array( self::class, 'swedish' ) );
		unload_textdomain( 'likeness' );
		$this->plugin()->load_textdomain();
		$this->assertSame( 'Godkänd', __( 'Approved', 'likeness' ) );
		$this->assertSame( 'Samtycket har återkallats', __( 'Consent withdrawn', 'likeness' ) );
		$this->assertSame( '3 bilder i inlägget är inte godkända och kommer inte att visas på webbplatsen:', sprintf( _n( '%d image in this post is not approved and will not be shown on the site:', '%d images in this post are not approved and will not be shown on the site:', 3, 'likeness' ), 3 ) );
		$this->assertSame( 'Inställningar', __( 'Settings', 'likeness' ) );
	}

	public function test_every_string_of_the_template_is_translated(): void {
		$dir = dirname( __DIR__, 2 ) . '/languages';
		require_once ABSPATH . WPINC . '/pomo/po.php';
		$pot = new \PO();
		$this->assertTrue( $pot->import_from_file( $dir . '/likeness.pot' ) );
		$mo = new \MO();
		$this->assertTrue( $mo->import_from_file( $dir . '/likeness-sv_SE.mo' ), 'the .mo is built (npm run build)' );
		$this->assertGreaterThan( 100, count( $pot->entries ) );
		$missing = array();
		foreach ( $pot->entries as $key => $entry ) {
			if ( ! isset( $mo->entries[ $key ] ) || '' === implode( '', $mo->entries[ $key ]->translations ) ) {
				$missing[] = $entry->singular;
			}
		}
		$this->assertSame( array(), $missing );
	}

	public function test_the_editor_script_gets_its_swedish_json(): void {
		add_filter( 'determine_locale', array( self::class, 'swedish' ) );
		$this->plugin()->editor_assets->enqueue();
		$this->assertTrue( wp_script_is( EditorAssets::HANDLE, 'enqueued' ), 'build/ exists in the test site' );
		$json = load_script_textdomain( EditorAssets::HANDLE, 'likeness', WP_PLUGIN_DIR . '/likeness/languages' );
		$this->assertIsString( $json );
		$data = json_decode( $json, true );
		$this->assertSame( array( 'Likeness-bild' ), $data['locale_data']['messages']['Likeness image'] );
		$this->assertArrayNotHasKey( 'Server URL', $data['locale_data']['messages'], 'only the script\'s own strings' );
	}

	public function test_the_editor_script_build_matches_the_sites_jsx_runtime(): void {
		$has_runtime = wp_script_is( 'react-jsx-runtime', 'registered' );
		$this->assertSame( version_compare( get_bloginfo( 'version' ), '6.6-alpha', '>=' ), $has_runtime, 'WordPress ships react-jsx-runtime from 6.6 on' );
		$build = $this->plugin()->editor_assets->build();
		$this->assertNotNull( $build, 'build/ exists in the test site' );
		$this->assertSame( $has_runtime ? 'modern' : 'classic', $build['build'] );
		$this->assertSame( $has_runtime, in_array( 'react-jsx-runtime', $build['dependencies'], true ) );
		foreach ( $build['dependencies'] as $handle ) {
			$this->assertTrue( wp_script_is( $handle, 'registered' ), "$handle exists in WordPress " . get_bloginfo( 'version' ) );
		}
		$this->plugin()->editor_assets->enqueue();
		$this->assertStringContainsString( '/build/' . $build['build'] . '/index.js', wp_scripts()->registered[ EditorAssets::HANDLE ]->src );
	}

	public function test_the_classic_build_never_needs_the_jsx_runtime(): void {
		$asset = require WP_PLUGIN_DIR . '/likeness/build/classic/index.asset.php';
		$this->assertNotContains( 'react-jsx-runtime', $asset['dependencies'] );
		$modern = require WP_PLUGIN_DIR . '/likeness/build/modern/index.asset.php';
		$this->assertContains( 'react-jsx-runtime', $modern['dependencies'] );
	}
}
