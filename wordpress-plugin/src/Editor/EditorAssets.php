<?php
/**
 * The block editor script: the Likeness image block, status notices on images, and the pre-publish check.
 *
 * Two builds of it (see webpack.config.js): build/modern uses WordPress's `react-jsx-runtime` script (6.6+),
 * build/classic does not (6.1–6.5). The one whose dependencies this site registers is used. Its stylesheet
 * goes into the editor page and, from 6.3 on, into the iframed editor canvas (via enqueue_block_assets).
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Editor;

use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

class EditorAssets {

	public const HANDLE = 'likeness-editor';

	/** Builds in order of preference. */
	public const BUILDS = array( 'modern', 'classic' );

	private Settings $settings;

	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	public function register(): void {
		add_action( 'enqueue_block_editor_assets', array( $this, 'enqueue' ) );
		add_action( 'enqueue_block_assets', array( $this, 'enqueue_canvas_style' ) );
	}

	/**
	 * The build this site can load: the first whose every dependency is a registered script, or null.
	 *
	 * @return array{build: string, dependencies: string[], version: string}|null
	 */
	public function build(): ?array {
		$dir = plugin_dir_path( LIKENESS_FILE );
		foreach ( self::BUILDS as $build ) {
			$asset = $dir . 'build/' . $build . '/index.asset.php';
			if ( ! is_readable( $asset ) ) {
				continue; // Not built: run `npm run build` in wordpress-plugin/.
			}
			$meta    = require $asset;
			$missing = array_filter(
				$meta['dependencies'],
				static function ( $handle ) {
					return ! wp_script_is( $handle, 'registered' );
				}
			);
			if ( ! $missing ) {
				return array(
					'build'        => $build,
					'dependencies' => $meta['dependencies'],
					'version'      => (string) $meta['version'],
				);
			}
		}
		return null;
	}

	public function enqueue(): void {
		$build = $this->build();
		if ( null === $build ) {
			return;
		}
		$dir = plugin_dir_path( LIKENESS_FILE );
		wp_enqueue_script( self::HANDLE, plugins_url( 'build/' . $build['build'] . '/index.js', LIKENESS_FILE ), $build['dependencies'], $build['version'], true );
		$this->register_style( $build );
		wp_enqueue_style( self::HANDLE );
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

	/** The picker and the notices render in the editor canvas, which is an iframe from 6.3 on. */
	public function enqueue_canvas_style(): void {
		if ( ! is_admin() ) {
			return;
		}
		$build = $this->build();
		if ( null !== $build && $this->register_style( $build ) ) {
			wp_enqueue_style( self::HANDLE );
		}
	}

	private function register_style( array $build ): bool {
		if ( wp_style_is( self::HANDLE, 'registered' ) ) {
			return true;
		}
		if ( ! is_readable( plugin_dir_path( LIKENESS_FILE ) . 'build/' . $build['build'] . '/index.css' ) ) {
			return false;
		}
		return wp_register_style( self::HANDLE, plugins_url( 'build/' . $build['build'] . '/index.css', LIKENESS_FILE ), array( 'wp-components' ), $build['version'] );
	}
}
