<?php
/**
 * Front-end enforcement: every image from the Media Library that WordPress outputs is checked, and
 * non-approved ones are not output (or are replaced by a placeholder).
 *
 * Covers post content (blocks, classic images, captions, galleries, covers, media & text, video),
 * block and classic widgets, featured images and anything else drawn with wp_get_attachment_image(),
 * and themes that ask wp_get_attachment_image_src() for a URL.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Frontend;

use Likeness\WordPress\Settings;
use Likeness\WordPress\Usage\PostMedia;

defined( 'ABSPATH' ) || exit;

class Enforcer {

	/** Blocks that draw media, filtered where they render (also outside the post content: template parts, widgets). */
	private const MEDIA_BLOCKS = array( 'core/image', 'core/gallery', 'core/cover', 'core/media-text', 'core/video', 'core/post-featured-image' );

	private Settings $settings;
	private AttachmentResolver $resolver;
	private PostMedia $media;
	private bool $edit_context = false;
	private bool $bypass       = false;
	private array $context_stack = array();

	public function __construct( Settings $settings, AttachmentResolver $resolver, PostMedia $media ) {
		$this->settings = $settings;
		$this->resolver = $resolver;
		$this->media    = $media;
	}

	public function register(): void {
		// Statuses for a whole page are asked in one call: warmed when posts are queried and before content renders.
		add_filter( 'the_posts', array( $this, 'prefetch_posts' ), 20 );
		add_filter( 'the_content', array( $this, 'prefetch_content' ), 1 );
		add_filter( 'the_content', array( $this, 'filter_html' ), 20 );
		add_filter( 'widget_text_content', array( $this, 'filter_html' ), 20 );
		add_filter( 'widget_block_content', array( $this, 'filter_html' ), 20 );
		add_filter( 'render_block', array( $this, 'filter_block' ), 20, 2 );
		add_filter( 'wp_get_attachment_image_attributes', array( $this, 'image_attributes' ), 20, 2 );
		add_filter( 'wp_get_attachment_image', array( $this, 'attachment_image' ), 20, 5 );
		add_filter( 'wp_get_attachment_image_src', array( $this, 'attachment_image_src' ), 20, 2 );
		add_filter( 'wp_get_attachment_link', array( $this, 'attachment_link' ), 20, 2 );
		add_filter( 'shortcode_atts_gallery', array( $this, 'gallery_attributes' ), 20, 3 );
		add_filter( 'rest_prepare_attachment', array( $this, 'rest_attachment' ), 20, 2 );
		add_filter( 'rest_request_before_callbacks', array( $this, 'note_rest_context' ), 10, 3 );
		add_filter( 'rest_request_after_callbacks', array( $this, 'end_rest_context' ), 10, 1 );
	}

	/** Editors see every image in wp-admin and the block editor (context=edit); visitors and feeds do not. */
	public function is_enforcing(): bool {
		$enforce = ! is_admin() && ! $this->edit_context && ! wp_doing_cron() && ! ( defined( 'WP_CLI' ) && WP_CLI );
		/**
		 * Filters whether images are checked against Likeness in this request.
		 *
		 * @param bool $enforce False in wp-admin, WP-Cron, WP-CLI, and for REST requests that write or use context=edit.
		 */
		return (bool) apply_filters( 'likeness_enforce', $enforce );
	}

	/**
	 * Every image of the queried posts (content and featured images) in one status call.
	 *
	 * @param \WP_Post[] $posts Query results.
	 */
	public function prefetch_posts( $posts ) {
		if ( is_array( $posts ) && $posts && $this->is_enforcing() ) {
			$ids = array();
			foreach ( $posts as $post ) {
				if ( $post instanceof \WP_Post && 'attachment' !== $post->post_type ) {
					$ids = array_merge( $ids, $this->media->attachment_ids( $post ) );
				}
			}
			$this->resolver->decide_attachments( $ids );
		}
		return $posts;
	}

	public function prefetch_content( $html ) {
		if ( is_string( $html ) && '' !== $html && $this->is_enforcing() ) {
			$this->resolver->decide_attachments( $this->media->from_content( $html ) );
		}
		return $html;
	}

	public function filter_html( $html ) {
		if ( ! is_string( $html ) || '' === $html || ! $this->is_enforcing() ) {
			return $html;
		}
		return $this->html_filter()->filter( $html, $this->resolver );
	}

	public function filter_block( $html, $block ) {
		if ( ! is_array( $block ) || ! in_array( $block['blockName'] ?? '', self::MEDIA_BLOCKS, true ) ) {
			return $html;
		}
		return $this->filter_html( $html );
	}

	/** Marks linked images for the browser script. */
	public function image_attributes( $attr, $attachment ) {
		if ( ! is_array( $attr ) || ! $attachment instanceof \WP_Post || ! $this->is_enforcing() ) {
			return $attr;
		}
		$decision = $this->resolver->decide_attachment( (int) $attachment->ID );
		if ( null !== $decision && $decision->visible && null !== $decision->asset_id ) {
			$attr[ HtmlFilter::ATTR ] = $decision->asset_id;
		}
		return $attr;
	}

	public function attachment_image( $html, $attachment_id, $size = 'thumbnail', $icon = false, $attr = array() ) {
		if ( ! $this->is_enforcing() ) {
			return $html;
		}
		$decision = $this->resolver->decide_attachment( (int) $attachment_id );
		if ( null === $decision || $decision->visible ) {
			return $html;
		}
		if ( Settings::POLICY_HIDE === $this->settings->policy() ) {
			return '';
		}
		$this->bypass = true;
		$image        = wp_get_attachment_image_src( (int) $attachment_id, $size, (bool) $icon );
		$this->bypass = false;
		$attrs        = array( 'class' => is_array( $attr ) && isset( $attr['class'] ) ? $attr['class'] : 'attachment-' . ( is_string( $size ) ? $size : 'custom' ) );
		if ( $image ) {
			$attrs['width']  = (string) $image[1];
			$attrs['height'] = (string) $image[2];
		}
		$tag = '<img';
		foreach ( $attrs as $name => $value ) {
			$tag .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
		return $this->html_filter()->filter( $tag . ' />', new FixedResolver( $decision ) );
	}

	/** A link to a hidden file (attachment pages, classic galleries) is not output; in placeholder mode, only the placeholder. */
	public function attachment_link( $html, $attachment_id ) {
		if ( ! $this->is_enforcing() ) {
			return $html;
		}
		$decision = $this->resolver->decide_attachment( (int) $attachment_id );
		if ( null === $decision || $decision->visible ) {
			return $html;
		}
		return Settings::POLICY_HIDE === $this->settings->policy() ? '' : $this->html_filter()->filter( (string) $html, new FixedResolver( $decision ) );
	}

	/**
	 * Classic [gallery] shortcodes print each file's caption themselves: hidden files are left out of the gallery.
	 *
	 * @param array $out   The gallery's attributes.
	 * @param array $pairs Defaults.
	 * @param array $atts  As written.
	 */
	public function gallery_attributes( $out, $pairs, $atts ) {
		if ( ! is_array( $out ) || ! $this->is_enforcing() ) {
			return $out;
		}
		if ( ! empty( $out['include'] ) ) {
			$ids            = wp_parse_id_list( $out['include'] );
			$decisions      = $this->resolver->decide_attachments( $ids );
			$visible        = array_filter(
				$ids,
				static function ( int $id ) use ( $decisions ): bool {
					return ! isset( $decisions[ $id ] ) || $decisions[ $id ]->visible;
				}
			);
			// An empty include would mean "every attachment of the post".
			$out['include'] = $visible ? implode( ',', $visible ) : '-1';
			return $out;
		}
		$parent = (int) ( $out['id'] ?? 0 );
		if ( $parent > 0 ) {
			$children  = get_children( array( 'post_parent' => $parent, 'post_type' => 'attachment', 'post_mime_type' => 'image', 'fields' => 'ids' ) );
			$decisions = $this->resolver->decide_attachments( array_map( 'intval', (array) $children ) );
			$hidden    = array();
			foreach ( $decisions as $id => $decision ) {
				if ( ! $decision->visible ) {
					$hidden[] = $id;
				}
			}
			if ( $hidden ) {
				$out['exclude'] = implode( ',', array_merge( wp_parse_id_list( (string) ( $out['exclude'] ?? '' ) ), $hidden ) );
			}
		}
		return $out;
	}

	/**
	 * Headless front ends read /wp/v2/media: a hidden file is listed without its URLs, sizes or texts.
	 *
	 * @param \WP_REST_Response $response The attachment as the REST API shows it.
	 * @param \WP_Post          $post     The attachment.
	 */
	public function rest_attachment( $response, $post ) {
		if ( ! $response instanceof \WP_REST_Response || ! $post instanceof \WP_Post || ! $this->is_enforcing() ) {
			return $response;
		}
		$decision = $this->resolver->decide_attachment( (int) $post->ID );
		if ( null === $decision || $decision->visible ) {
			return $response;
		}
		$data = $response->get_data();
		foreach ( array( 'source_url', 'link' ) as $key ) {
			if ( array_key_exists( $key, $data ) ) {
				$data[ $key ] = '';
			}
		}
		foreach ( array( 'guid', 'title', 'caption', 'description' ) as $key ) {
			if ( array_key_exists( $key, $data ) ) {
				$data[ $key ] = array( 'rendered' => '' );
			}
		}
		if ( array_key_exists( 'alt_text', $data ) ) {
			$data['alt_text'] = '';
		}
		if ( array_key_exists( 'media_details', $data ) ) {
			$data['media_details'] = new \stdClass();
		}
		$data['likeness'] = array( 'visible' => false );
		$response->set_data( $data );
		return $response;
	}

	/** Themes that build their own markup get no URL for a hidden image. */
	public function attachment_image_src( $image, $attachment_id ) {
		if ( $this->bypass || ! $image || ! $this->is_enforcing() ) {
			return $image;
		}
		$decision = $this->resolver->decide_attachment( (int) $attachment_id );
		return null !== $decision && ! $decision->visible ? false : $image;
	}

	/**
	 * @param mixed            $response Passed through.
	 * @param mixed            $handler  Unused.
	 * @param \WP_REST_Request $request  The request.
	 */
	public function note_rest_context( $response, $handler, $request ) {
		$this->context_stack[] = $this->edit_context;
		// The editor's own requests (context=edit, and this plugin's editor routes) see every image.
		$route              = $request instanceof \WP_REST_Request ? (string) $request->get_route() : '';
		// Writes (saving a post with a featured image checks that the image exists) are not output either.
		$this->edit_context = $request instanceof \WP_REST_Request
			&& ( 'edit' === $request->get_param( 'context' )
				|| ! in_array( $request->get_method(), array( 'GET', 'HEAD' ), true )
				|| ( 0 === strpos( $route, '/likeness/v1/' ) && '/likeness/v1/webhook' !== $route ) );
		return $response;
	}

	/** Back to the enclosing request's context (REST requests can be nested, e.g. preloading). */
	public function end_rest_context( $response ) {
		if ( $this->context_stack ) {
			$this->edit_context = (bool) array_pop( $this->context_stack );
		}
		return $response;
	}

	public function html_filter(): HtmlFilter {
		/**
		 * Filters the image shown instead of a non-approved one in placeholder mode.
		 *
		 * @param string $src URL of a neutral grey image.
		 */
		$src = (string) apply_filters( 'likeness_placeholder_src', plugins_url( 'assets/placeholder.svg', LIKENESS_FILE ) );
		return new HtmlFilter( $this->settings->policy(), $src );
	}
}
