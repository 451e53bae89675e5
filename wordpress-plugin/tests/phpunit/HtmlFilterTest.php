<?php
/**
 * The HTML filter on the markup WordPress 6.1 produces: blocks, classic captions and galleries,
 * links, picture, noscript copies and video. Everything it does not touch stays byte for byte.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Frontend\HtmlFilter;
use Likeness\WordPress\Frontend\MediaResolver;
use Likeness\WordPress\Settings;
use Likeness\WordPress\Status\Decision;

final class HtmlFilterTest extends \PHPUnit\Framework\TestCase {

	private const OK_ASSET  = '11111111-1111-4111-8111-111111111111';
	private const BAD_ASSET = '22222222-2222-4222-8222-222222222222';

	/** Attachment 10 approved, 20 withdrawn, 30 unlinked (shown), 40 unlinked (hidden); uploads URLs map to 10 and 20. */
	private function resolver(): MediaResolver {
		return new class() implements MediaResolver {
			public array $seen = array();
			public function resolve( array $refs ): array {
				$this->seen[] = $refs;
				$urls         = array(
					'https://site.test/wp-content/uploads/2026/11/ok.jpg'  => 10,
					'https://site.test/wp-content/uploads/2026/11/bad.jpg' => 20,
				);
				$out = array();
				foreach ( $refs as $i => $ref ) {
					$id = $ref['attachment_id'] ?? ( $urls[ $ref['url'] ] ?? null );
					switch ( $id ) {
						case 10:
							$out[ $i ] = new Decision( HtmlFilterTest::ok(), true, 'approved', true );
							break;
						case 20:
							$out[ $i ] = new Decision( HtmlFilterTest::bad(), false, 'withdrawn' );
							break;
						case 30:
							$out[ $i ] = new Decision( null, true, 'unlinked' );
							break;
						case 40:
							$out[ $i ] = new Decision( null, false, 'unlinked' );
							break;
						default:
							$out[ $i ] = null;
					}
				}
				return $out;
			}
		};
	}

	public static function ok(): string {
		return self::OK_ASSET;
	}

	public static function bad(): string {
		return self::BAD_ASSET;
	}

	private function hide( string $html, ?MediaResolver $resolver = null ): string {
		return ( new HtmlFilter( Settings::POLICY_HIDE, 'https://site.test/placeholder.svg' ) )->filter( $html, $resolver ?? $this->resolver() );
	}

	private function placeholder( string $html ): string {
		return ( new HtmlFilter( Settings::POLICY_PLACEHOLDER, 'https://site.test/placeholder.svg' ) )->filter( $html, $this->resolver() );
	}

	private static function block( int $id, string $caption = '', string $file = 'x' ): string {
		$cap = '' === $caption ? '' : '<figcaption class="wp-element-caption">' . $caption . '</figcaption>';
		return '<figure class="wp-block-image size-large"><img decoding="async" loading="lazy" width="1024" height="768" src="https://site.test/wp-content/uploads/2026/11/' . $file . '-1024x768.jpg" alt="Photo ' . $id . '" class="wp-image-' . $id . '" srcset="https://site.test/wp-content/uploads/2026/11/' . $file . '-1024x768.jpg 1024w, https://site.test/wp-content/uploads/2026/11/' . $file . '-300x225.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px" />' . $cap . '</figure>';
	}

	public function test_an_approved_image_is_kept_and_marked_for_the_browser_script(): void {
		$html = "<p>Before</p>\n" . self::block( 10, 'Anna' ) . "\n<p>After</p>";
		$out  = $this->hide( $html );
		$this->assertStringContainsString( 'class="wp-image-10" srcset=', $out );
		$this->assertStringContainsString( ' data-likeness-asset="' . self::OK_ASSET . '" />', $out );
		$this->assertSame( $html, str_replace( ' data-likeness-asset="' . self::OK_ASSET . '"', '', $out ), 'nothing else changes' );
	}

	public function test_hide_removes_the_figure_with_its_caption_and_alt_text(): void {
		$html = "<p>Before</p>\n" . self::block( 20, 'Anna Svensson, 8 years' ) . "\n<p>After</p>";
		$this->assertSame( "<p>Before</p>\n\n<p>After</p>", $this->hide( $html ) );
	}

	public function test_placeholder_keeps_the_size_and_drops_src_srcset_alt_and_caption(): void {
		$out = $this->placeholder( "<p>x</p>\n" . self::block( 20, 'Anna Svensson, 8 years' ) );
		$this->assertStringNotContainsString( 'Anna', $out );
		$this->assertStringNotContainsString( 'x-1024x768.jpg', $out );
		$this->assertStringNotContainsString( 'srcset', $out );
		$this->assertStringNotContainsString( 'figcaption', $out );
		$this->assertStringNotContainsString( 'wp-image-20', $out, 'WordPress must not add srcset to it again' );
		$this->assertStringContainsString( '<figure class="wp-block-image size-large"><img src="https://site.test/placeholder.svg" alt="" class="likeness-placeholder" data-likeness-placeholder="" width="1024" height="768" decoding="async" /></figure>', $out );
	}

	public function test_placeholders_are_left_alone_on_a_second_pass(): void {
		$once = $this->placeholder( self::block( 20, 'Anna' ) );
		$this->assertSame( $once, $this->placeholder( $once ) );
	}

	public function test_a_gallery_loses_only_the_hidden_image(): void {
		$html = '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">'
			. self::block( 10, 'Kept' ) . self::block( 20, 'Anna' ) . self::block( 10, 'Kept too' )
			. '<figcaption class="blocks-gallery-caption wp-element-caption">Summer camp</figcaption></figure>';
		$out  = $this->hide( $html );
		$this->assertSame( 2, substr_count( $out, 'data-likeness-asset="' . self::OK_ASSET . '"' ) );
		$this->assertStringNotContainsString( 'wp-image-20', $out );
		$this->assertStringNotContainsString( 'Anna', $out );
		$this->assertStringContainsString( 'Summer camp', $out );
		$this->assertSame( 3, substr_count( $out, '<figure' ) );
		$this->assertSame( 3, substr_count( $out, '</figure>' ) );
	}

	public function test_gallery_images_are_found_by_data_id(): void {
		$html = '<figure class="wp-block-image"><img src="https://cdn.example/a.jpg" data-id="20" alt="Anna"/></figure>';
		$this->assertSame( '', $this->hide( $html ) );
	}

	public function test_a_link_around_the_image_goes_with_it(): void {
		$html = '<figure class="wp-block-image"><a href="https://site.test/wp-content/uploads/2026/11/bad.jpg"><img src="https://site.test/wp-content/uploads/2026/11/bad-300x200.jpg" alt="Anna" class="wp-image-20"/></a></figure>';
		$this->assertSame( '', $this->hide( $html ) );
		$out = $this->placeholder( $html );
		$this->assertStringNotContainsString( 'bad.jpg', $out );
		$this->assertStringNotContainsString( '<a ', $out );
	}

	public function test_classic_html5_caption(): void {
		$html = '<figure id="attachment_20" aria-describedby="caption-attachment-20" style="width: 300px" class="wp-caption alignleft"><img class="size-medium wp-image-20" src="https://site.test/wp-content/uploads/2026/11/bad-300x200.jpg" alt="Anna" width="300" height="200" /><figcaption id="caption-attachment-20" class="wp-caption-text">Anna Svensson</figcaption></figure>';
		$this->assertSame( '', $this->hide( '' . $html ) );
		$out = $this->placeholder( $html );
		$this->assertStringNotContainsString( 'Anna', $out );
		$this->assertStringContainsString( 'class="likeness-placeholder size-medium"', $out );
		$this->assertStringNotContainsString( 'aria-describedby', $out );
	}

	public function test_classic_html4_caption(): void {
		$html = '<div id="attachment_20" style="width: 310px" class="wp-caption alignnone"><img class="size-medium wp-image-20" src="x.jpg" alt="Anna" width="300" height="200" /><p class="wp-caption-text">Anna Svensson</p></div><p>Text</p>';
		$this->assertSame( '<p>Text</p>', $this->hide( $html ) );
		$out = $this->placeholder( $html );
		$this->assertStringNotContainsString( 'Anna', $out );
		$this->assertStringEndsWith( '</div><p>Text</p>', $out );
	}

	public function test_classic_gallery_item(): void {
		$item = static function ( int $id, string $caption ): string {
			return "<dl class='gallery-item'><dt class='gallery-icon landscape'><a href='https://site.test/?attachment_id=$id'><img width=\"150\" height=\"150\" src=\"https://site.test/wp-content/uploads/2026/11/p$id-150x150.jpg\" class=\"attachment-thumbnail size-thumbnail\" alt=\"$caption\" aria-describedby=\"gallery-1-$id\" /></a></dt><dd class='wp-caption-text gallery-caption' id='gallery-1-$id'>$caption</dd></dl>";
		};
		// Classic galleries have no wp-image class: the images are found by URL.
		$resolver = new class() implements MediaResolver {
			public function resolve( array $refs ): array {
				$out = array();
				foreach ( $refs as $i => $ref ) {
					$out[ $i ] = false !== strpos( (string) $ref['url'], '/p20-' ) ? new Decision( HtmlFilterTest::bad(), false, 'withdrawn' ) : new Decision( HtmlFilterTest::ok(), true, 'approved', true );
				}
				return $out;
			}
		};
		$html = "<div id='gallery-1' class='gallery'>" . $item( 10, 'Kept' ) . $item( 20, 'Anna' ) . '</div>';
		$out  = $this->hide( $html, $resolver );
		$this->assertStringContainsString( 'Kept', $out );
		$this->assertStringNotContainsString( 'Anna', $out );
		$this->assertSame( 1, substr_count( $out, '<dl' ) );
	}

	public function test_an_image_found_only_by_its_uploads_url(): void {
		$html = '<p><img src="https://site.test/wp-content/uploads/2026/11/bad.jpg" alt="Anna"> and <img src="https://site.test/wp-content/uploads/2026/11/ok.jpg" alt="ok"></p>';
		$out  = $this->hide( $html );
		$this->assertSame( '<p> and <img src="https://site.test/wp-content/uploads/2026/11/ok.jpg" alt="ok" data-likeness-asset="' . self::OK_ASSET . '"></p>', $out );
	}

	public function test_picture_element_goes_as_a_whole(): void {
		$html = '<figure><picture><source srcset="https://site.test/wp-content/uploads/2026/11/bad.webp" type="image/webp"><img src="https://site.test/wp-content/uploads/2026/11/bad.jpg" class="wp-image-20" alt="Anna"></picture><figcaption>Anna</figcaption></figure><p>x</p>';
		$this->assertSame( '<p>x</p>', $this->hide( $html ) );
		$out = $this->placeholder( $html );
		$this->assertStringNotContainsString( 'bad.webp', $out );
		$this->assertStringNotContainsString( '<picture', $out );
	}

	public function test_noscript_copy_of_a_lazy_loaded_image_goes_too(): void {
		$html = '<figure class="wp-block-image"><img data-src="https://site.test/wp-content/uploads/2026/11/bad.jpg" src="data:image/gif;base64,R0lGOD" class="lazy wp-image-20" alt="Anna"><noscript><img src="https://site.test/wp-content/uploads/2026/11/bad.jpg" class="wp-image-20" alt="Anna"></noscript></figure>';
		$this->assertSame( '', $this->hide( $html ) );
	}

	public function test_video_with_source_children(): void {
		$html = '<figure class="wp-block-video"><video controls><source src="https://site.test/wp-content/uploads/2026/11/bad.jpg" type="video/mp4"></video><figcaption>Anna</figcaption></figure><p>x</p>';
		$this->assertSame( '<p>x</p>', $this->hide( $html ) );
	}

	public function test_cover_background_image_is_removed_but_the_text_stays(): void {
		$html = '<div class="wp-block-cover"><span aria-hidden="true" class="wp-block-cover__background has-background-dim"></span><img class="wp-block-cover__image-background wp-image-20" alt="" src="https://site.test/wp-content/uploads/2026/11/bad.jpg" data-object-fit="cover"/><div class="wp-block-cover__inner-container"><p>Welcome</p></div></div>';
		$out  = $this->hide( $html );
		$this->assertStringNotContainsString( '<img', $out );
		$this->assertStringContainsString( '<p>Welcome</p></div></div>', $out );
	}

	public function test_unlinked_attachments_follow_the_decision_without_a_marker(): void {
		$html = '<img src="a.jpg" class="wp-image-30" alt="a"><img src="b.jpg" class="wp-image-40" alt="b">';
		$this->assertSame( '<img src="a.jpg" class="wp-image-30" alt="a">', $this->hide( $html ) );
	}

	public function test_images_that_are_not_attachments_are_untouched(): void {
		$html = '<p><img src="https://elsewhere.example/logo.png" alt="Logo"></p>';
		$this->assertSame( $html, $this->hide( $html ) );
	}

	public function test_script_and_style_contents_are_not_parsed(): void {
		$html = '<script>var t = \'<img src="x" class="wp-image-20">\';</script><style>/* <img class="wp-image-20"> */</style><img class="wp-image-20" src="y">';
		$this->assertSame( '<script>var t = \'<img src="x" class="wp-image-20">\';</script><style>/* <img class="wp-image-20"> */</style>', $this->hide( $html ) );
	}

	public function test_all_images_of_a_page_are_resolved_in_one_call(): void {
		$resolver = $this->resolver();
		$this->hide( self::block( 10 ) . self::block( 20 ) . self::block( 30 ) . '<img src="https://site.test/wp-content/uploads/2026/11/ok.jpg">', $resolver );
		$this->assertCount( 1, $resolver->seen );
		$this->assertCount( 4, $resolver->seen[0] );
	}

	public function test_html_without_images_is_returned_as_is(): void {
		$resolver = $this->resolver();
		$html     = '<p>No images here.</p>';
		$this->assertSame( $html, $this->hide( $html, $resolver ) );
		$this->assertCount( 0, $resolver->seen );
	}

	public function test_attribute_parsing(): void {
		$this->assertSame(
			array(
				'src'      => 'a b.jpg',
				'alt'      => 'Anna & "Bo"',
				'class'    => 'x',
				'data-id'  => '5',
				'loading'  => 'lazy',
				'disabled' => '',
			),
			HtmlFilter::attributes( ' src="a b.jpg" alt=\'Anna &amp; &quot;Bo&quot;\' CLASS=x data-id = "5" loading=lazy disabled /' )
		);
	}

	public function test_unclosed_markup_does_not_break_filtering(): void {
		$html = '<ul><li class="blocks-gallery-item"><figure><img class="wp-image-20" src="a.jpg"></figure><li class="blocks-gallery-item"><figure><img class="wp-image-10" src="b.jpg"></figure></ul><figure><img class="wp-image-20" src="c.jpg">';
		$out  = $this->hide( $html );
		$this->assertStringNotContainsString( 'wp-image-20', $out );
		$this->assertStringContainsString( 'wp-image-10', $out );
	}
}
