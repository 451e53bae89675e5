<?php
/**
 * The WordPress Plugin Check rules that apply offline (tests/support/plugin-check.php) hold for every release
 * file; and the scanner finds each planted violation in a fixture, and nothing in a fixture of allowed forms.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

require_once dirname( __DIR__ ) . '/support/plugin-check.php';

final class PluginCheckTest extends \PHPUnit\Framework\TestCase {

	private const ROOT = __DIR__ . '/../..';

	public function test_the_release_files_follow_the_plugin_check_rules(): void {
		$files = PluginCheck::release_files( realpath( self::ROOT ) );
		$this->assertGreaterThan( 30, count( $files ) );
		$this->assertSame( array(), PluginCheck::scan( $files, realpath( self::ROOT ) ) );
	}

	public function test_every_planted_violation_is_found(): void {
		$file     = __DIR__ . '/fixtures/plugin-check/violations.php';
		$expected = array();
		foreach ( file( $file ) as $n => $line ) {
			if ( preg_match( '/expect: ([a-z-]+(?:, [a-z-]+)*)/', $line, $m ) ) {
				foreach ( explode( ', ', $m[1] ) as $rule ) {
					$expected[] = ( 'nonce' === $rule ? 1 : $n + 1 ) . ' ' . $rule;
				}
			}
		}
		$found = array_map(
			static function ( string $finding ): string {
				preg_match( '/:(\d+) ([a-z-]+):/', $finding, $m );
				return $m[1] . ' ' . $m[2];
			},
			PluginCheck::scan( array( $file ), __DIR__ )
		);
		sort( $expected );
		sort( $found );
		$this->assertCount( 19, $expected );
		$this->assertSame( $expected, $found );
	}

	public function test_allowed_forms_are_not_reported(): void {
		$this->assertSame( array(), PluginCheck::scan( array( __DIR__ . '/fixtures/plugin-check/clean.php' ), __DIR__ ) );
	}
}
