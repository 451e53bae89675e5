<?php
/**
 * The block editor script: the Likeness image block, status notices on images, and the pre-publish check.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Editor;

use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class EditorAssets {

	public const HANDLE = 'likeness-editor';

	private Settings $settings;

	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	public function register(): void {
		add_action( 'enqueue_block_editor_assets', array( $this, 'enqueue' ) );
	}

	public function enqueue(): void {
		$dir   = plugin_dir_path( LIKENESS_FILE );
		$asset = $dir . 'build/index.asset.php';
		if ( ! is_readable( $asset ) ) {
			return; // Not built: run `npm run build` in wordpress-plugin/.
		}
		$meta = require $asset;
		wp_enqueue_script( self::HANDLE, plugins_url( 'build/index.js', LIKENESS_FILE ), $meta['dependencies'], $meta['version'], true );
		if ( is_readable( $dir . 'build/index.css' ) ) {
			wp_enqueue_style( self::HANDLE, plugins_url( 'build/index.css', LIKENESS_FILE ), array( 'wp-components' ), $meta['version'] );
		}
		wp_set_script_translations( self::HANDLE, 'likeness', $dir . 'languages' );
		wp_add_inline_script(
			self::HANDLE,
			'window.likenessEditor = ' . wp_json_encode(
				array(
					'connected' => $this->settings->is_connected(),
					'channel'   => $this->settings->channel(),
					'policy'    => $this->settings->policy(),
					'settings'  => current_user_can( 'manage_options' ) ? admin_url( 'options-general.php?page=likeness' ) : null,
				)
			) . ';',
			'before'
		);
	}
}
