<?php
/**
 * Activation, upgrades and removal of the plugin's table, options and metadata.
 *
 * @package Likeness
 */

namespace Likeness\WordPress;

use Likeness\WordPress\Media\ProtectedFiles;
use Likeness\WordPress\Media\UploadGuard;
use Likeness\WordPress\Rest\WebhookController;
use Likeness\WordPress\Status\StatusCache;
use Likeness\WordPress\Status\UnlinkedPolicy;
use Likeness\WordPress\Usage\UsageReporter;

defined( 'ABSPATH' ) || exit;

final class Installer {

	public const DB_VERSION        = '1';
	public const DB_VERSION_OPTION = 'likeness_db_version';

	public static function activate(): void {
		self::install_schema();
		add_option( Settings::OPTION, Settings::defaults() );
	}

	public static function deactivate(): void {
		wp_clear_scheduled_hook( UsageReporter::RETRY_HOOK );
		wp_clear_scheduled_hook( UploadGuard::SWEEP_HOOK );
	}

	/** Creates or updates the status table when the schema version changed. */
	public static function maybe_upgrade(): void {
		if ( get_option( self::DB_VERSION_OPTION ) !== self::DB_VERSION ) {
			self::install_schema();
		}
	}

	private static function install_schema(): void {
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( StatusCache::schema() );
		update_option( self::DB_VERSION_OPTION, self::DB_VERSION );
	}

	/**
	 * Removes everything the plugin stored (uninstall.php). Attachments themselves stay in the Media Library.
	 * Files of hidden attachments stay protected, with the record of where they are: deleting the plugin must
	 * not put withdrawn images back online, and installing it again picks them up.
	 */
	public static function uninstall(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . StatusCache::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		foreach ( array( Settings::OPTION, UnlinkedPolicy::OPTION, WebhookController::LAST_OPTION, self::DB_VERSION_OPTION ) as $option ) {
			delete_option( $option );
		}
		$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_likeness\\_%' OR option_name LIKE '\\_transient\\_timeout\\_likeness\\_%'" );
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\_likeness\\_%%' AND meta_key <> %s", ProtectedFiles::META ) );
		wp_clear_scheduled_hook( UsageReporter::RETRY_HOOK );
		wp_clear_scheduled_hook( UploadGuard::SWEEP_HOOK );
	}
}
