<?php
/**
 * PSR-4 autoloader for the plugin's classes: Likeness\WordPress\Foo\Bar → src/Foo/Bar.php.
 *
 * @package Likeness
 */

namespace Likeness\WordPress;

defined( 'ABSPATH' ) || exit;

final class Autoloader {

	private const PREFIX = 'Likeness\\WordPress\\';

	/**
	 * Registers the loader for classes under the plugin's namespace.
	 *
	 * @param string $base_dir Directory that holds the namespace root (src/).
	 */
	public static function register( string $base_dir ): void {
		$base_dir = rtrim( $base_dir, '/\\' ) . '/';
		spl_autoload_register(
			static function ( string $class ) use ( $base_dir ): void {
				if ( 0 !== strncmp( $class, self::PREFIX, strlen( self::PREFIX ) ) ) {
					return;
				}
				$relative = substr( $class, strlen( self::PREFIX ) );
				$file     = $base_dir . str_replace( '\\', '/', $relative ) . '.php';
				if ( is_readable( $file ) ) {
					require $file;
				}
			}
		);
	}
}
