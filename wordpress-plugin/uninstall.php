<?php
/**
 * Runs when the plugin is deleted in wp-admin: removes its table, options, transients and metadata.
 *
 * @package Likeness
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/src/Autoloader.php';
Likeness\WordPress\Autoloader::register( __DIR__ . '/src' );

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $likeness_site_id ) {
		switch_to_blog( (int) $likeness_site_id );
		Likeness\WordPress\Installer::uninstall();
		restore_current_blog();
	}
} else {
	Likeness\WordPress\Installer::uninstall();
}
