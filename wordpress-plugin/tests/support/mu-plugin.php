<?php
/**
 * Plugin Name: Likeness test environment
 * Description: Only in test sites: no mail (there is no sendmail), and a switch for settings from tests.
 *
 * @package Likeness
 */

add_filter( 'pre_wp_mail', '__return_false' );

// wp-admin asks api.wordpress.org for news and updates; there is no internet here, so answer at once.
add_filter(
	'pre_http_request',
	static function ( $pre, $args, $url ) {
		$host = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( false !== strpos( $host, 'wordpress.org' ) || false !== strpos( $host, 'w.org' ) ) {
			return new WP_Error( 'http_request_not_executed', 'No internet in tests.' );
		}
		return $pre;
	},
	10,
	3
);

// Tests may shorten how long a status answer is trusted (php site.php option --name likeness_test_ttl --value 1).
add_filter(
	'likeness_status_ttl',
	static function ( $ttl ) {
		$test = get_option( 'likeness_test_ttl' );
		return false === $test ? $ttl : (int) $test;
	}
);

// Tests may register one block of Block API version 2 (php site.php option --name likeness_test_legacy_block
// --value 1): WordPress 6.3+ then shows the post editor without its iframe, as with an older plugin's block.
add_action(
	'enqueue_block_editor_assets',
	static function () {
		if ( get_option( 'likeness_test_legacy_block' ) ) {
			wp_add_inline_script(
				'wp-blocks',
				'wp.blocks.registerBlockType( "likeness-test/legacy", { apiVersion: 2, title: "Legacy test block", category: "text", edit: function () { return null; }, save: function () { return null; } } );'
			);
		}
	}
);

// Tests may switch the site's language without a WordPress language pack (option likeness_test_locale).
add_filter(
	'locale',
	static function ( $locale ) {
		$test = get_option( 'likeness_test_locale' );
		return $test ? (string) $test : $locale;
	}
);
