<?php
/**
 * Importing from Likeness, linking by file hash or by hand, and the editor's REST routes with their permissions.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Media\AssetLinks;

final class MediaTest extends TestCase {

	private string $jpeg;

	protected function setUp(): void {
		parent::setUp();
		$image = imagecreatetruecolor( 320, 240 );
		imagefilledrectangle( $image, 0, 0, 320, 240, imagecolorallocate( $image, 10, 120, 200 ) );
		ob_start();
		imagejpeg( $image );
		$this->jpeg = ob_get_clean();
	}

	private function asset( int $n, bool $approved, string $name = 'camp.jpg' ): string {
		$id                         = self::uuid( $n );
		$this->server->assets[ $id ] = array(
			'id'           => $id,
			'kind'         => 'image',
			'title'        => 'Summer camp ' . $n,
			'originalName' => $name,
			'contentType'  => 'image/jpeg',
			'sha256'       => hash( 'sha256', $this->jpeg ),
			'createdAt'    => '2026-11-01T10:00:00.000Z',
			'statuses'     => array(
				array( 'channel' => 'web', 'status' => $approved ? 'approved' : 'consent_missing', 'approved' => $approved, 'approvedUntil' => null, 'reasons' => array() ),
			),
		);
		$this->server->files[ $id ] = $this->jpeg;
		if ( $approved ) {
			$this->server->approved( $id ); // As the real server: its status endpoint agrees with the asset.
		}
		return $id;
	}

	private function rest( string $method, string $route, array $params = array() ): \WP_REST_Response {
		$request = new \WP_REST_Request( $method, $route );
		foreach ( $params as $k => $v ) {
			$request->set_param( $k, $v );
		}
		return rest_do_request( $request );
	}

	public function test_importing_an_approved_asset_creates_a_linked_attachment_once(): void {
		$asset    = $this->asset( 1, true );
		$response = $this->rest( 'POST', '/likeness/v1/import', array( 'assetId' => $asset ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$attachment = $response->get_data()['id'];
		$this->assertSame( $asset, get_post_meta( $attachment, AssetLinks::ASSET_META, true ) );
		$this->assertSame( 'import', get_post_meta( $attachment, AssetLinks::SOURCE_META, true ) );
		$this->assertSame( 'Summer camp 1', get_the_title( $attachment ) );
		$this->assertSame( hash( 'sha256', $this->jpeg ), hash_file( 'sha256', get_attached_file( $attachment ) ) );
		$this->assertSame( $asset, $response->get_data()['assetId'] );
		$this->assertNotEmpty( $response->get_data()['url'] );

		$this->assertCount( 0, $this->server->calls( 'GET', '/assets?' ), 'no lookup by hash for its own upload' );

		$again = $this->rest( 'POST', '/likeness/v1/import', array( 'assetId' => $asset ) );
		$this->assertSame( $attachment, $again->get_data()['id'], 'importing again gives the same attachment' );
		$this->assertCount( 1, $this->server->calls( 'GET', '/assets/' . $asset . '/files/original' ) );
	}

	public function test_a_non_approved_asset_cannot_be_imported(): void {
		$response = $this->rest( 'POST', '/likeness/v1/import', array( 'assetId' => $this->asset( 2, false ) ) );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'likeness_not_approved', $response->get_data()['code'] );
	}

	public function test_the_list_shows_only_approved_images_and_asks_for_approved_and_expiring(): void {
		$this->asset( 1, true );
		$response = $this->rest( 'GET', '/likeness/v1/assets', array( 'search' => 'camp' ) );
		$this->assertSame( 200, $response->get_status() );
		$queries = array_column( $this->server->calls( 'GET', '/assets?' ), 'path' );
		$this->assertCount( 2, $queries );
		$this->assertStringContainsString( 'status=approved&channel=web', $queries[0] );
		$this->assertStringContainsString( 'q=camp', $queries[0] );
		$this->assertStringContainsString( 'status=expiring&channel=web', $queries[1] );
		$item = $response->get_data()['items'][0];
		$this->assertStringContainsString( 'likeness/v1/assets/' . self::uuid( 1 ) . '/thumbnail', rawurldecode( $item['thumbnail'] ) );
		$this->assertStringContainsString( '_wpnonce=', $item['thumbnail'], 'thumbnails load with the REST nonce' );
	}

	public function test_the_list_leaves_out_expiring_images_when_asked(): void {
		$this->asset( 1, true );
		$response = $this->rest( 'GET', '/likeness/v1/assets', array( 'expiring' => 'false' ) );
		$this->assertSame( 200, $response->get_status() );
		$queries = array_column( $this->server->calls( 'GET', '/assets?' ), 'path' );
		$this->assertCount( 1, $queries );
		$this->assertStringContainsString( 'status=approved&channel=web', $queries[0] );
		$this->assertNull( $response->get_data()['nextCursor'] );
	}

	public function test_an_existing_attachment_is_linked_by_its_file_hash(): void {
		$asset = $this->asset( 3, true, 'IMG_0042.jpg' );
		// Another file listed first: only the server's sha256 filter can tell them apart.
		$this->server->assets = array( self::uuid( 4 ) => array( 'id' => self::uuid( 4 ), 'sha256' => str_repeat( '0', 64 ) ) + $this->server->assets[ $asset ] ) + $this->server->assets;
		$upload     = wp_upload_bits( 'IMG_0042.jpg', null, $this->jpeg );
		$attachment = wp_insert_attachment( array( 'post_mime_type' => 'image/jpeg', 'post_title' => 'x', 'post_status' => 'inherit' ), $upload['file'] );
		$before     = count( $this->server->calls( 'GET', '/assets?' ) );
		$response   = $this->rest( 'POST', '/likeness/v1/link', array( 'attachmentId' => $attachment ) );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( $asset, get_post_meta( $attachment, AssetLinks::ASSET_META, true ) );
		$lookups = array_slice( array_column( $this->server->calls( 'GET', '/assets?' ), 'path' ), $before );
		$this->assertCount( 1, $lookups, 'one lookup, no paging through the bank' );
		$this->assertStringContainsString( 'sha256=' . hash( 'sha256', $this->jpeg ), $lookups[0] );
		$this->assertSame( 'hash', get_post_meta( $attachment, AssetLinks::SOURCE_META, true ) );
	}

	public function test_new_uploads_are_linked_automatically_when_the_bank_has_the_same_file(): void {
		$asset = $this->asset( 5, true, 'DSC_1.jpg' );
		$this->settings( array() );
		$upload     = wp_upload_bits( 'DSC_1.jpg', null, $this->jpeg );
		$attachment = wp_insert_attachment( array( 'post_mime_type' => 'image/jpeg', 'post_title' => 'DSC_1', 'post_status' => 'inherit' ), $upload['file'] );
		$this->assertSame( $asset, get_post_meta( $attachment, AssetLinks::ASSET_META, true ) );
	}

	public function test_no_match_by_hash(): void {
		$upload     = wp_upload_bits( 'other.jpg', null, 'not the same bytes' . $this->jpeg );
		$attachment = wp_insert_attachment( array( 'post_mime_type' => 'image/jpeg', 'post_title' => 'y', 'post_status' => 'inherit' ), $upload['file'] );
		$response   = $this->rest( 'POST', '/likeness/v1/link', array( 'attachmentId' => $attachment ) );
		$this->assertSame( 404, $response->get_status() );
		$this->assertSame( '', get_post_meta( $attachment, AssetLinks::ASSET_META, true ) );
	}

	public function test_linking_by_hand_checks_that_the_asset_exists(): void {
		$attachment = $this->attachment( 'hand', 200, 100 );
		$this->assertSame( 404, $this->rest( 'POST', '/likeness/v1/link', array( 'attachmentId' => $attachment, 'assetId' => self::uuid( 77 ) ) )->get_status() );
		$asset = $this->asset( 6, false );
		$this->assertSame( 200, $this->rest( 'POST', '/likeness/v1/link', array( 'attachmentId' => $attachment, 'assetId' => $asset ) )->get_status() );
		$this->assertSame( 'manual', get_post_meta( $attachment, AssetLinks::SOURCE_META, true ) );
	}

	public function test_the_attachment_screen_field_links_and_unlinks(): void {
		$attachment = $this->attachment( 'field', 200, 100 );
		$asset      = $this->asset( 7, true );
		$fields     = apply_filters( 'attachment_fields_to_edit', array(), get_post( $attachment ) );
		$this->assertArrayHasKey( 'likeness_asset', $fields );
		$this->assertStringContainsString( 'Not linked to Likeness', $fields['likeness_asset']['helps'] );

		$post = apply_filters( 'attachment_fields_to_save', array( 'ID' => $attachment ), array( 'likeness_asset' => $asset ) );
		$this->assertArrayNotHasKey( 'errors', $post );
		$this->assertSame( $asset, get_post_meta( $attachment, AssetLinks::ASSET_META, true ) );

		$post = apply_filters( 'attachment_fields_to_save', array( 'ID' => $attachment ), array( 'likeness_asset' => 'not an id!' ) );
		$this->assertNotEmpty( $post['errors']['likeness_asset']['errors'] );

		apply_filters( 'attachment_fields_to_save', array( 'ID' => $attachment ), array( 'likeness_asset' => '' ) );
		$this->assertSame( '', get_post_meta( $attachment, AssetLinks::ASSET_META, true ) );
	}

	public function test_editor_status_route(): void {
		$this->server->approved( self::uuid( 1 ), '2027-06-30T22:20:00Z' );
		$linked   = $this->attachment( 'linked', 200, 100, self::uuid( 1 ) );
		$unlinked = $this->attachment( 'plain', 200, 100 );
		$response = $this->rest( 'GET', '/likeness/v1/status', array( 'attachments' => array( $linked, $unlinked, 999999 ) ) );
		$this->assertSame( 200, $response->get_status() );
		$items = $response->get_data()['items'];
		$this->assertCount( 2, $items );
		$this->assertSame( array( 'attachmentId' => $linked, 'assetId' => self::uuid( 1 ), 'visible' => true, 'status' => 'approved', 'approved' => true, 'approvedUntil' => '2027-06-30T22:20:00Z', 'source' => 'fresh', 'label' => 'Approved', 'channel' => 'web' ), $items[0] );
		$this->assertSame( 'unlinked', $items[1]['status'] );
		$this->assertFalse( $items[1]['visible'] );
	}

	public function test_routes_check_capabilities(): void {
		$subscriber = wp_insert_user( array( 'user_login' => 'sub' . wp_rand(), 'user_pass' => 'x', 'role' => 'subscriber' ) );
		wp_set_current_user( $subscriber );
		$this->assertSame( 403, $this->rest( 'GET', '/likeness/v1/assets' )->get_status() );
		$this->assertSame( 403, $this->rest( 'POST', '/likeness/v1/import', array( 'assetId' => self::uuid( 1 ) ) )->get_status() );
		$this->assertSame( 403, $this->rest( 'GET', '/likeness/v1/status', array( 'attachments' => array( 1 ) ) )->get_status() );
		$this->assertSame( 403, $this->rest( 'POST', '/likeness/v1/link', array( 'attachmentId' => 1 ) )->get_status() );
		wp_set_current_user( 0 );
		$this->assertSame( 401, $this->rest( 'GET', '/likeness/v1/assets' )->get_status() );
		$this->assertCount( 0, $this->server->requests );
	}
}
