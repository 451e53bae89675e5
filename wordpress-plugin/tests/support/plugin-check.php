<?php
/**
 * The WordPress Plugin Check rules that apply offline, as a scanner over PHP tokens (no WordPress needed):
 *   abspath      every file stops when loaded directly (`defined( 'ABSPATH' ) || exit;` before any code);
 *   escape       echo/print/printf output only literals or values passed through an escaping function;
 *   sanitize     $_GET/$_POST/$_REQUEST/$_COOKIE/$_SERVER/$_FILES are read only inside a sanitising call
 *                (or isset()/empty());
 *   nonce        a file that reads $_POST or $_REQUEST verifies a nonce;
 *   text-domain  every translation call names the text domain 'likeness' as a literal;
 *   prefix       global functions, constants, options and the plugin's own hooks are prefixed "likeness";
 *   rest         every register_rest_route() names a permission_callback;
 *   debug        no development functions (var_dump, print_r, error_log, …) in release code.
 * A line may opt out with the same `phpcs:ignore` comment WordPress's coding standards use, naming the sniff.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

final class PluginCheck {

	private const ESCAPING = array( 'esc_html', 'esc_attr', 'esc_url', 'esc_js', 'esc_textarea', 'esc_xml', 'esc_html__', 'esc_attr__', 'esc_html_x', 'esc_attr_x', 'wp_kses', 'wp_kses_post', 'wp_kses_data', 'absint', 'intval', 'floatval', 'number_format_i18n', 'selected', 'checked', 'disabled', 'wp_nonce_field', 'get_submit_button', 'count' );
	private const SANITIZING = array( 'sanitize_text_field', 'sanitize_textarea_field', 'sanitize_key', 'sanitize_email', 'sanitize_file_name', 'sanitize_title', 'sanitize_user', 'sanitize_url', 'sanitize_hex_color', 'sanitize_mime_type', 'esc_url_raw', 'absint', 'intval', 'floatval', 'boolval', 'isset', 'empty', 'wp_verify_nonce', 'check_admin_referer' );
	private const CASTS = array( T_INT_CAST, T_BOOL_CAST, T_DOUBLE_CAST );
	private const INPUT = array( '$_GET', '$_POST', '$_REQUEST', '$_COOKIE', '$_SERVER', '$_FILES' );
	private const NONCE = array( 'wp_verify_nonce', 'check_admin_referer', 'check_ajax_referer' );
	/** Translation functions → position (1-based) of the text domain argument. */
	private const I18N = array( '__' => 2, '_e' => 2, 'esc_html__' => 2, 'esc_html_e' => 2, 'esc_attr__' => 2, 'esc_attr_e' => 2, '_x' => 3, '_ex' => 3, 'esc_html_x' => 3, 'esc_attr_x' => 3, '_n' => 4, '_nx' => 5, '_n_noop' => 3, '_nx_noop' => 4 );
	private const PREFIXED_FIRST_ARGUMENT = array( 'define', 'add_option', 'update_option', 'delete_option', 'set_transient', 'delete_transient', 'do_action', 'apply_filters', 'register_rest_route', 'wp_schedule_event', 'wp_schedule_single_event' );
	private const DEBUG = array( 'var_dump', 'print_r', 'error_log', 'debug_print_backtrace', 'var_export', 'debug_zval_dump' );
	private const SNIFFS = array(
		'debug'       => 'WordPress.PHP.DevelopmentFunctions',
		'escape'      => 'WordPress.Security.EscapeOutput',
		'sanitize'    => 'WordPress.Security.ValidatedSanitizedInput',
		'nonce'       => 'WordPress.Security.NonceVerification',
		'text-domain' => 'WordPress.WP.I18n',
		'prefix'      => 'WordPress.NamingConventions.PrefixAllGlobals',
	);

	/** @var array<int, array{0:int|string,1:string,2:int}> Tokens without whitespace and comments. */
	private array $tokens = array();
	/** @var array<int, string> Line → the comments on it. */
	private array $comments = array();
	/** @var array<int, array{rule: string, line: int, message: string}> */
	private array $found = array();
	private string $file;

	/**
	 * Scans files and returns the findings as "relative/path:line rule: message".
	 *
	 * @param string[] $files Absolute paths.
	 * @return string[]
	 */
	public static function scan( array $files, string $base ): array {
		$out = array();
		foreach ( $files as $file ) {
			foreach ( ( new self( $file ) )->run() as $f ) {
				$out[] = substr( $file, strlen( rtrim( $base, '/' ) ) + 1 ) . ':' . $f['line'] . ' ' . $f['rule'] . ': ' . $f['message'];
			}
		}
		return $out;
	}

	/** The plugin's release files (package.json "files"): likeness.php, uninstall.php and src/**. */
	public static function release_files( string $root ): array {
		$files = array( $root . '/likeness.php', $root . '/uninstall.php' );
		$it    = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $root . '/src', \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $it as $entry ) {
			if ( $entry->isFile() && 'php' === $entry->getExtension() ) {
				$files[] = $entry->getPathname();
			}
		}
		sort( $files );
		return $files;
	}

	private function __construct( string $file ) {
		$this->file = $file;
		foreach ( token_get_all( (string) file_get_contents( $file ) ) as $t ) {
			if ( ! is_array( $t ) ) {
				$t = array( $t, $t, $this->tokens ? end( $this->tokens )[2] : 1 );
			}
			if ( T_COMMENT === $t[0] || T_DOC_COMMENT === $t[0] ) {
				$this->comments[ $t[2] ] = ( $this->comments[ $t[2] ] ?? '' ) . $t[1];
				continue;
			}
			if ( T_WHITESPACE !== $t[0] ) {
				$this->tokens[] = $t;
			}
		}
	}

	private function run(): array {
		$this->check_abspath();
		$reads_post = false;
		$has_nonce  = false;
		$depth      = 0; // Brace depth, to tell global functions from methods.
		foreach ( $this->tokens as $i => $t ) {
			if ( '{' === $t[0] || T_CURLY_OPEN === $t[0] || T_DOLLAR_OPEN_CURLY_BRACES === $t[0] ) {
				++$depth;
			} elseif ( '}' === $t[0] ) {
				--$depth;
			} elseif ( T_ECHO === $t[0] || T_PRINT === $t[0] ) {
				$this->check_output( $i + 1, $this->statement_end( $i + 1 ), $t[2] );
			} elseif ( T_VARIABLE === $t[0] && in_array( $t[1], self::INPUT, true ) ) {
				$reads_post = $reads_post || in_array( $t[1], array( '$_POST', '$_REQUEST' ), true );
				if ( ! $this->sanitized( $i ) ) {
					$this->report( 'sanitize', $t[2], "$t[1] read without sanitising (sanitize_*( wp_unslash( … ) ), absint(), isset())" );
				}
			} elseif ( T_FUNCTION === $t[0] && 0 === $depth && $this->is( $i + 1, T_STRING ) && ! $this->namespaced() ) {
				$name = $this->tokens[ $i + 1 ][1];
				if ( 0 !== stripos( $name, 'likeness_' ) ) {
					$this->report( 'prefix', $t[2], "global function $name() is not prefixed likeness_" );
				}
			} elseif ( T_STRING === $t[0] && $this->is( $i + 1, '(' ) && ! $this->is( $i - 1, T_OBJECT_OPERATOR ) && ! $this->is( $i - 1, T_DOUBLE_COLON ) && ! $this->is( $i - 1, T_FUNCTION ) ) {
				$name = strtolower( $t[1] );
				if ( in_array( $name, self::NONCE, true ) ) {
					$has_nonce = true;
				}
				if ( 'printf' === $name || 'vprintf' === $name ) {
					$this->check_output( $i + 2, $this->closing( $i + 1 ), $t[2] );
				}
				if ( isset( self::I18N[ $name ] ) ) {
					$this->check_text_domain( $i, self::I18N[ $name ] );
				}
				if ( in_array( $name, self::PREFIXED_FIRST_ARGUMENT, true ) ) {
					$this->check_prefix( $i, $name );
				}
				if ( 'register_rest_route' === $name && ! $this->contains( $i + 1, $this->closing( $i + 1 ), "'permission_callback'" ) ) {
					$this->report( 'rest', $t[2], 'register_rest_route() without a permission_callback' );
				}
				if ( in_array( $name, self::DEBUG, true ) ) {
					$this->report( 'debug', $t[2], "$name() is a development function" );
				}
			}
		}
		if ( $reads_post && ! $has_nonce ) {
			$this->report( 'nonce', 1, 'reads $_POST/$_REQUEST but verifies no nonce (check_admin_referer, wp_verify_nonce, check_ajax_referer)' );
		}
		return $this->found;
	}

	/** The first statement after the namespace, use and declare lines must stop direct loading. */
	private function check_abspath(): void {
		$i = 0;
		$n = count( $this->tokens );
		while ( $i < $n && in_array( $this->tokens[ $i ][0], array( T_OPEN_TAG, T_NAMESPACE, T_USE, T_DECLARE ), true ) ) {
			$i = T_OPEN_TAG === $this->tokens[ $i ][0] ? $i + 1 : $this->statement_end( $i ) + 1;
		}
		$end  = min( $n, $i + 14 );
		$text = '';
		for ( $j = $i; $j < $end; $j++ ) {
			$text .= $this->tokens[ $j ][1];
		}
		$guard = '/^(?:defined\((["\'])(?:ABSPATH|WP_UNINSTALL_PLUGIN)\1\)(?:\|\||or)(?:exit|die)|if\(!defined\((["\'])(?:ABSPATH|WP_UNINSTALL_PLUGIN)\2\)\)\{?(?:exit|die))/i';
		if ( ! preg_match( $guard, $text ) ) {
			$this->report( 'abspath', $this->tokens[ $i ][2] ?? 1, "no `defined( 'ABSPATH' ) || exit;` before the first statement" );
		}
	}

	/** Each top-level part of an output expression (split at "." and ",") must be a literal or escaped. */
	private function check_output( int $from, int $to, int $line ): void {
		foreach ( $this->parts( $from, $to ) as list( $start, $end ) ) {
			if ( ! $this->safe_part( $start, $end ) ) {
				$what = '';
				for ( $j = $start; $j < $end && strlen( $what ) < 60; $j++ ) {
					$what .= $this->tokens[ $j ][1];
				}
				$this->report( 'escape', $line, "output of `$what` is not escaped (esc_html(), esc_attr(), wp_kses_post(), …)" );
			}
		}
	}

	private function safe_part( int $start, int $end ): bool {
		if ( $start >= $end ) {
			return true;
		}
		$first = $this->tokens[ $start ];
		if ( $end - $start === 1 && in_array( $first[0], array( T_CONSTANT_ENCAPSED_STRING, T_LNUMBER, T_DNUMBER ), true ) ) {
			return true;
		}
		if ( $end - $start === 1 && T_STRING === $first[0] && defined( $first[1] ) ) {
			return true; // PHP_EOL and the like.
		}
		if ( in_array( $first[0], self::CASTS, true ) ) {
			return true;
		}
		if ( '(' === $first[0] && $this->closing( $start ) === $end - 1 ) {
			return $this->parts_safe( $start + 1, $end - 1 );
		}
		if ( T_STRING === $first[0] && $this->is( $start + 1, '(' ) && $this->closing( $start + 1 ) === $end - 1 ) {
			$name = strtolower( ltrim( $first[1], '\\' ) );
			if ( in_array( $name, self::ESCAPING, true ) ) {
				return true;
			}
			// sprintf() is as safe as its arguments.
			return 'sprintf' === $name && $this->parts_safe( $start + 2, $end - 1 );
		}
		return false;
	}

	private function parts_safe( int $from, int $to ): bool {
		foreach ( $this->parts( $from, $to ) as list( $s, $e ) ) {
			if ( ! $this->safe_part( $s, $e ) ) {
				return false;
			}
		}
		return true;
	}

	/** Top-level pieces of [$from, $to) split at "." and ",". */
	private function parts( int $from, int $to ): array {
		$parts = array();
		$start = $from;
		$depth = 0;
		for ( $j = $from; $j < $to; $j++ ) {
			$c = $this->tokens[ $j ][0];
			if ( '(' === $c || '[' === $c ) {
				++$depth;
			} elseif ( ')' === $c || ']' === $c ) {
				--$depth;
			} elseif ( 0 === $depth && ( '.' === $c || ',' === $c ) ) {
				$parts[] = array( $start, $j );
				$start   = $j + 1;
			}
		}
		$parts[] = array( $start, $to );
		return $parts;
	}

	/** Inside a sanitising call (at any depth) or right after a cast. */
	private function sanitized( int $i ): bool {
		if ( $i > 0 && in_array( $this->tokens[ $i - 1 ][0], self::CASTS, true ) ) {
			return true;
		}
		$depth = 0;
		for ( $j = $i - 1; $j >= 0; $j-- ) {
			$c = $this->tokens[ $j ][0];
			if ( ';' === $c || '{' === $c || '}' === $c ) {
				return false;
			}
			if ( ')' === $c ) {
				++$depth;
			} elseif ( '(' === $c ) {
				if ( $depth > 0 ) {
					--$depth;
					continue;
				}
				if ( $j > 0 && T_STRING === $this->tokens[ $j - 1 ][0] && in_array( strtolower( $this->tokens[ $j - 1 ][1] ), self::SANITIZING, true ) ) {
					return true;
				}
				if ( $j > 0 && in_array( $this->tokens[ $j - 1 ][0], array( T_ISSET, T_EMPTY ), true ) ) {
					return true;
				}
			}
		}
		return false;
	}

	private function check_text_domain( int $i, int $position ): void {
		$args = $this->parts( $i + 2, $this->closing( $i + 1 ) );
		$arg  = $args[ $position - 1 ] ?? null;
		$ok   = null !== $arg && $arg[1] - $arg[0] === 1 && in_array( $this->tokens[ $arg[0] ][1], array( "'likeness'", '"likeness"' ), true );
		if ( ! $ok ) {
			$this->report( 'text-domain', $this->tokens[ $i ][2], $this->tokens[ $i ][1] . "() without the text domain 'likeness'" );
		}
	}

	private function check_prefix( int $i, string $name ): void {
		$args  = $this->parts( $i + 2, $this->closing( $i + 1 ) );
		$first = $args[0];
		if ( $first[1] - $first[0] !== 1 || T_CONSTANT_ENCAPSED_STRING !== $this->tokens[ $first[0] ][0] ) {
			return; // Not a literal: a class constant such as Settings::OPTION, checked where it is defined.
		}
		$value = trim( $this->tokens[ $first[0] ][1], '\'"' );
		if ( 0 !== stripos( $value, 'likeness' ) ) {
			$this->report( 'prefix', $this->tokens[ $i ][2], "$name( '$value' ) is not prefixed likeness" );
		}
	}

	private function contains( int $from, int $to, string $text ): bool {
		for ( $j = $from; $j < $to; $j++ ) {
			if ( $this->tokens[ $j ][1] === $text ) {
				return true;
			}
		}
		return false;
	}

	private function namespaced(): bool {
		foreach ( $this->tokens as $t ) {
			if ( T_NAMESPACE === $t[0] ) {
				return true;
			}
		}
		return false;
	}

	private function report( string $rule, int $line, string $message ): void {
		$sniff = self::SNIFFS[ $rule ] ?? null;
		if ( null !== $sniff && false !== strpos( $this->comments[ $line ] ?? '', 'phpcs:ignore ' . $sniff ) ) {
			return;
		}
		$this->found[] = array(
			'rule'    => $rule,
			'line'    => $line,
			'message' => $message,
		);
	}

	private function is( int $i, $kind ): bool {
		return isset( $this->tokens[ $i ] ) && $this->tokens[ $i ][0] === $kind;
	}

	/** Index of the ")" or "]" that closes the bracket at $open. */
	private function closing( int $open ): int {
		$depth = 0;
		$n     = count( $this->tokens );
		for ( $j = $open; $j < $n; $j++ ) {
			$c = $this->tokens[ $j ][0];
			if ( '(' === $c || '[' === $c ) {
				++$depth;
			} elseif ( ')' === $c || ']' === $c ) {
				if ( 0 === --$depth ) {
					return $j;
				}
			}
		}
		return $n;
	}

	/** Index of the ";" that ends the statement starting at $from (outside brackets). */
	private function statement_end( int $from ): int {
		$depth = 0;
		$n     = count( $this->tokens );
		for ( $j = $from; $j < $n; $j++ ) {
			$c = $this->tokens[ $j ][0];
			if ( '(' === $c || '[' === $c || '{' === $c ) {
				++$depth;
			} elseif ( ')' === $c || ']' === $c || '}' === $c ) {
				--$depth;
			} elseif ( 0 === $depth && ( ';' === $c || T_CLOSE_TAG === $c ) ) {
				return $j;
			}
		}
		return $n;
	}
}
