<?php
/**
 * Removes non-approved images from HTML, or replaces them with a placeholder, and marks linked images
 * with data-likeness-asset for the browser script.
 *
 * Works on the markup as a string: only the affected tags (and their figure, caption and link) are rewritten,
 * everything else is left byte for byte, since WordPress 6.1 has no HTML API and DOMDocument rewrites HTML5.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Frontend;

use Likeness\WordPress\Settings;

defined( 'ABSPATH' ) || exit;

final class HtmlFilter {

	public const ATTR        = 'data-likeness-asset';
	public const PLACEHOLDER = 'data-likeness-placeholder';

	/** Elements whose extent matters: wrappers of an image and its caption. */
	private const TRACKED = array( 'figure', 'figcaption', 'a', 'picture', 'video', 'dl', 'dt', 'dd', 'li', 'ul', 'ol', 'div', 'noscript' );
	/** Elements whose content is not markup. */
	private const RAW_TEXT = array( 'script', 'style', 'textarea', 'title', 'xmp' );
	/** Opening one of these closes an open one of the same group (HTML's implied end tags). */
	private const IMPLIED_END = array(
		'li' => array( 'li' ),
		'dt' => array( 'dt', 'dd' ),
		'dd' => array( 'dt', 'dd' ),
	);
	private const CAPTION_CLASSES = '(?:wp-caption-text|gallery-caption|blocks-gallery-item__caption|wp-element-caption)';

	private string $mode;
	private string $placeholder_src;

	public function __construct( string $mode, string $placeholder_src ) {
		$this->mode            = Settings::POLICY_PLACEHOLDER === $mode ? Settings::POLICY_PLACEHOLDER : Settings::POLICY_HIDE;
		$this->placeholder_src = $placeholder_src;
	}

	public function filter( string $html, MediaResolver $resolver ): string {
		if ( false === stripos( $html, '<img' ) && false === stripos( $html, '<video' ) ) {
			return $html;
		}
		list( $elements, $media ) = $this->scan( $html );
		if ( ! $media ) {
			return $html;
		}

		$refs = array();
		foreach ( $media as $i => $m ) {
			$refs[ $i ] = array(
				'attachment_id' => $m['attachment_id'],
				'url'           => $m['url'],
			);
		}
		$decisions = $resolver->resolve( $refs );

		$edits = array();
		foreach ( $media as $i => $m ) {
			$decision = $decisions[ $i ] ?? null;
			if ( null === $decision ) {
				continue;
			}
			if ( $decision->visible ) {
				if ( null !== $decision->asset_id && ! isset( $m['attrs'][ self::ATTR ] ) ) {
					$edits[] = array( $m['tag_start'], $m['tag_end'], self::add_attribute( substr( $html, $m['tag_start'], $m['tag_end'] - $m['tag_start'] ), self::ATTR, $decision->asset_id ) );
				}
				continue;
			}
			$edits[] = $this->hidden_edit( $html, $elements, $media, $m );
		}
		return self::apply( $html, $edits );
	}

	/**
	 * The edit for one hidden image: its wrapping figure/link removed (hide), or the image swapped for a
	 * placeholder and the captions around it removed (placeholder).
	 */
	private function hidden_edit( string $html, array $elements, array $media, array $m ): array {
		// The unit: the image, or its <picture>, or a link around only it.
		list( $start, $end ) = array( $m['start'], $m['end'] );
		$parent              = $m['parent'];
		if ( null !== $parent && 'picture' === $elements[ $parent ]['name'] ) {
			list( $start, $end ) = array( $elements[ $parent ]['start'], $elements[ $parent ]['end'] );
			$parent              = $elements[ $parent ]['parent'];
		}
		if ( null !== $parent && 'a' === $elements[ $parent ]['name'] && 1 === self::media_within( $media, $elements[ $parent ] ) ) {
			list( $start, $end ) = array( $elements[ $parent ]['start'], $elements[ $parent ]['end'] );
			$parent              = $elements[ $parent ]['parent'];
		}
		// Lazy-loading plugins put a copy in <noscript>: it goes with the image.
		if ( null !== $parent && 'noscript' === $elements[ $parent ]['name'] && 1 === self::media_within( $media, $elements[ $parent ], true ) ) {
			list( $start, $end ) = array( $elements[ $parent ]['start'], $elements[ $parent ]['end'] );
			$parent              = $elements[ $parent ]['parent'];
		}

		// The container: the figure (or classic caption/gallery item) holding only this image, with its caption.
		$container = null;
		for ( $p = $parent; null !== $p; $p = $elements[ $p ]['parent'] ) {
			$el = $elements[ $p ];
			if ( self::is_container( $el ) ) {
				if ( self::media_within( $media, $el ) <= 1 ) {
					$container = $el;
				}
				break;
			}
			if ( ! in_array( $el['name'], array( 'div', 'dt', 'noscript' ), true ) ) {
				break;
			}
		}

		if ( Settings::POLICY_HIDE === $this->mode ) {
			return null === $container ? array( $start, $end, '' ) : array( $container['start'], $container['end'], '' );
		}

		$placeholder = $this->placeholder( $m['attrs'] );
		if ( null === $container ) {
			return array( $start, $end, $placeholder );
		}
		$inner = substr( $html, $container['start'], $start - $container['start'] ) . $placeholder . substr( $html, $end, $container['end'] - $end );
		$inner = preg_replace( '#<figcaption\b[^>]*>.*?</figcaption\s*>#is', '', $inner );
		$inner = preg_replace( '#<(dd|p|span|div)\b[^>]*\bclass\s*=\s*(["\'])[^"\']*' . self::CAPTION_CLASSES . '[^"\']*\2[^>]*>.*?</\1\s*>#is', '', $inner );
		$inner = preg_replace( '#\saria-describedby\s*=\s*("[^"]*"|\'[^\']*\')#i', '', $inner );
		return array( $container['start'], $container['end'], $inner );
	}

	private static function is_container( array $el ): bool {
		$class = ' ' . strtolower( $el['attrs']['class'] ?? '' ) . ' ';
		switch ( $el['name'] ) {
			case 'figure':
				return true;
			case 'div':
				return false !== strpos( $class, ' wp-caption ' );
			case 'dl':
				return false !== strpos( $class, ' gallery-item ' );
			case 'li':
				return false !== strpos( $class, ' blocks-gallery-item ' );
		}
		return false;
	}

	/**
	 * How many media elements lie inside an element. Copies inside <noscript> (lazy loaders) do not count,
	 * unless $noscript_copies: they are the same image twice.
	 */
	private static function media_within( array $media, array $el, bool $noscript_copies = false ): int {
		$n = 0;
		foreach ( $media as $m ) {
			if ( ! $noscript_copies && $m['in_noscript'] ) {
				continue;
			}
			if ( $m['start'] >= $el['start'] && $m['end'] <= $el['end'] ) {
				++$n;
			}
		}
		return $n;
	}

	/** A neutral image of the same size; no alt, title, caption or link that could name anyone. */
	private function placeholder( array $attrs ): string {
		$class = trim( preg_replace( '/\bwp-image-\d+\b/', '', (string) ( $attrs['class'] ?? '' ) ) );
		$out   = array(
			'src'             => $this->placeholder_src,
			'alt'             => '',
			'class'           => trim( 'likeness-placeholder ' . $class ),
			self::PLACEHOLDER => '',
		);
		foreach ( array( 'width', 'height', 'style' ) as $keep ) {
			if ( isset( $attrs[ $keep ] ) && '' !== $attrs[ $keep ] ) {
				$out[ $keep ] = $attrs[ $keep ];
			}
		}
		$out['decoding'] = 'async';
		$tag             = '<img';
		foreach ( $out as $name => $value ) {
			$tag .= ' ' . $name . '="' . self::esc( (string) $value ) . '"';
		}
		return $tag . ' />';
	}

	/**
	 * Finds tracked elements and media in one pass.
	 *
	 * @return array{0: array<int, array>, 1: array<int, array>} Elements (name, start, end, parent, attrs) and media.
	 */
	private function scan( string $html ): array {
		$elements = array();
		$media    = array();
		$stack    = array();
		$length   = strlen( $html );
		$offset   = 0;
		$pattern  = '#<!--.*?(?:-->|$)|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:"[^"]*"|\'[^\']*\'|[^\'">])*)>#s';

		while ( $offset < $length && preg_match( $pattern, $html, $match, PREG_OFFSET_CAPTURE, $offset ) ) {
			$tag_start = $match[0][1];
			$tag_end   = $tag_start + strlen( $match[0][0] );
			$offset    = $tag_end;
			if ( ! isset( $match[2] ) || '' === $match[2][0] ) {
				continue; // A comment.
			}
			$closing = '/' === $match[1][0];
			$name    = strtolower( $match[2][0] );

			if ( ! $closing && in_array( $name, self::RAW_TEXT, true ) ) {
				$close  = stripos( $html, '</' . $name, $tag_end );
				$offset = false === $close ? $length : $close;
				continue;
			}

			$parent = $stack ? end( $stack ) : null;
			if ( $closing ) {
				if ( in_array( $name, self::TRACKED, true ) ) {
					for ( $s = count( $stack ) - 1; $s >= 0; $s-- ) {
						if ( $elements[ $stack[ $s ] ]['name'] === $name ) {
							$target = $stack[ $s ];
							while ( count( $stack ) > $s ) {
								$index = array_pop( $stack );
								// Elements left open inside end where this end tag starts.
								$elements[ $index ]['end'] = $index === $target ? $tag_end : $tag_start;
							}
							break;
						}
					}
				}
				continue;
			}

			$attrs = self::attributes( $match[3][0] );
			if ( 'img' === $name ) {
				if ( ! isset( $attrs[ self::PLACEHOLDER ] ) ) {
					$media[] = array(
						'kind'          => 'img',
						'start'         => $tag_start,
						'end'           => $tag_end,
						'tag_start'     => $tag_start,
						'tag_end'       => $tag_end,
						'parent'        => $parent,
						'attrs'         => $attrs,
						'attachment_id' => self::attachment_id( $attrs ),
						'url'           => self::url( $attrs ),
					);
				}
				continue;
			}
			if ( 'source' === $name && null !== $parent && 'video' === $elements[ $parent ]['name'] && null !== $elements[ $parent ]['media'] ) {
				$index = $elements[ $parent ]['media'];
				if ( null === $media[ $index ]['url'] && isset( $attrs['src'] ) ) {
					$media[ $index ]['url'] = $attrs['src'];
				}
				continue;
			}
			if ( ! in_array( $name, self::TRACKED, true ) ) {
				continue;
			}
			if ( isset( self::IMPLIED_END[ $name ] ) && null !== $parent && in_array( $elements[ $parent ]['name'], self::IMPLIED_END[ $name ], true ) ) {
				$elements[ array_pop( $stack ) ]['end'] = $tag_start;
				$parent                                 = $stack ? end( $stack ) : null;
			}
			$index              = count( $elements );
			$elements[ $index ] = array(
				'name'   => $name,
				'start'  => $tag_start,
				'end'    => $length,
				'parent' => $parent,
				'attrs'  => $attrs,
				'media'  => null,
			);
			if ( 'video' === $name && ! isset( $attrs[ self::PLACEHOLDER ] ) ) {
				$elements[ $index ]['media'] = count( $media );
				$media[]                     = array(
					'kind'          => 'video',
					'start'         => $tag_start,
					'end'           => $length,
					'element'       => $index,
					'tag_start'     => $tag_start,
					'tag_end'       => $tag_end,
					'parent'        => $parent,
					'attrs'         => $attrs,
					'attachment_id' => self::attachment_id( $attrs ),
					'url'           => isset( $attrs['src'] ) ? $attrs['src'] : null,
				);
			}
			if ( '/' !== substr( rtrim( $match[3][0] ), -1 ) ) {
				$stack[] = $index;
			}
		}

		foreach ( $media as $i => $m ) {
			if ( 'video' === $m['kind'] ) {
				$media[ $i ]['end'] = $elements[ $m['element'] ]['end'];
			}
			$media[ $i ]['in_noscript'] = false;
			for ( $p = $m['parent']; null !== $p; $p = $elements[ $p ]['parent'] ) {
				if ( 'noscript' === $elements[ $p ]['name'] ) {
					$media[ $i ]['in_noscript'] = true;
					break;
				}
			}
		}
		return array( $elements, $media );
	}

	/** The attachment id the markup names: class wp-image-N (images, covers, media & text) or a gallery's data-id. */
	private static function attachment_id( array $attrs ): ?int {
		if ( isset( $attrs['class'] ) && preg_match( '/\bwp-(?:image|video)-(\d+)\b/', $attrs['class'], $m ) ) {
			return (int) $m[1];
		}
		if ( isset( $attrs['data-id'] ) && ctype_digit( $attrs['data-id'] ) ) {
			return (int) $attrs['data-id'];
		}
		return null;
	}

	private static function url( array $attrs ): ?string {
		foreach ( array( 'src', 'data-src', 'data-lazy-src' ) as $name ) {
			if ( isset( $attrs[ $name ] ) && '' !== $attrs[ $name ] && 0 !== strpos( $attrs[ $name ], 'data:' ) ) {
				return $attrs[ $name ];
			}
		}
		return null;
	}

	/**
	 * Parses a tag's attribute text; names are lower-cased and values decoded.
	 *
	 * @return array<string, string>
	 */
	public static function attributes( string $text ): array {
		$attrs = array();
		if ( preg_match_all( '#([^\s"\'>/=]+)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\'=<>`]+)))?#', $text, $found, PREG_SET_ORDER ) ) {
			foreach ( $found as $f ) {
				$name = strtolower( $f[1] );
				if ( isset( $attrs[ $name ] ) ) {
					continue;
				}
				$value          = $f[2] ?? '';
				$value          = '' !== $value ? $value : ( $f[3] ?? '' );
				$value          = '' !== $value ? $value : ( $f[4] ?? '' );
				$attrs[ $name ] = html_entity_decode( $value, ENT_QUOTES | ENT_HTML5, 'UTF-8' );
			}
		}
		return $attrs;
	}

	/** Adds an attribute before the end of an opening tag. */
	public static function add_attribute( string $tag, string $name, string $value ): string {
		$insert = ' ' . $name . '="' . self::esc( $value ) . '"';
		if ( preg_match( '#\s*/?>$#', $tag, $m, PREG_OFFSET_CAPTURE ) ) {
			return substr( $tag, 0, $m[0][1] ) . $insert . substr( $tag, $m[0][1] );
		}
		return $tag;
	}

	/**
	 * Applies non-overlapping edits; an edit inside an earlier, larger one is dropped.
	 *
	 * @param array<int, array{0: int, 1: int, 2: string}> $edits Start, end, replacement.
	 */
	private static function apply( string $html, array $edits ): string {
		if ( ! $edits ) {
			return $html;
		}
		usort(
			$edits,
			static function ( array $a, array $b ): int {
				return $a[0] <=> $b[0] ?: $b[1] <=> $a[1];
			}
		);
		$out    = '';
		$cursor = 0;
		foreach ( $edits as list( $start, $end, $replacement ) ) {
			if ( $start < $cursor ) {
				continue;
			}
			$out   .= substr( $html, $cursor, $start - $cursor ) . $replacement;
			$cursor = $end;
		}
		return $out . substr( $html, $cursor );
	}

	private static function esc( string $value ): string {
		return htmlspecialchars( $value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8' );
	}
}
