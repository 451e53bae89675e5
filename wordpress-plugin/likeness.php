<?php
/**
 * Plugin Name:       Likeness
 * Plugin URI:        https://github.com/likeness/likeness
 * Description:       Only GDPR-approved images on the site: checks every image against the Likeness consent server, reports where images are published, and hides an image the moment consent is withdrawn.
 * Version:           0.3.0
 * Requires at least: 6.1
 * Tested up to:      6.7
 * Requires PHP:      7.4
 * Author:            Likeness contributors
 * License:           AGPL-3.0-or-later
 * License URI:       https://www.gnu.org/licenses/agpl-3.0.html
 * Text Domain:       likeness
 * Domain Path:       /languages
 *
 * @package Likeness
 */

defined( 'ABSPATH' ) || exit;

define( 'LIKENESS_VERSION', '0.3.0' );
define( 'LIKENESS_FILE', __FILE__ );

require_once __DIR__ . '/src/Autoloader.php';
Likeness\WordPress\Autoloader::register( __DIR__ . '/src' );

register_activation_hook( __FILE__, array( Likeness\WordPress\Installer::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( Likeness\WordPress\Installer::class, 'deactivate' ) );

add_action(
	'plugins_loaded',
	static function () {
		Likeness\WordPress\Plugin::instance()->boot();
	}
);
