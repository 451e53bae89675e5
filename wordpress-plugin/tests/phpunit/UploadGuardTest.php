<?php
/**
 * No back door through the uploads folder: a hidden linked attachment's files (original and every size)
 * leave their public paths and come back byte for byte; editors keep a preview; nothing is orphaned.
 * The files on disk are not rolled back with the database, so every test deletes what it made.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Tests;

use Likeness\WordPress\Media\ProtectedFiles;
use Likeness\WordPress\Media\UploadGuard;
use Likeness\WordPress\Status\StatusCache;
use Likeness\WordPress\Webhook\Signature;

final class UploadGuardTest extends TestCase {

	/** @var int[] */
	private array $made = array();

	protected function setUp(): void {
		parent::setUp();
		// Every decision asks the fake server, so a test can change its answer.
		add_filter( 'likeness_status_ttl', '__return_zero' );
	}

	protected function tearDown(): void {
		$this->server->failure = null;
		foreach ( $this->made as $id ) {
			wp_delete_attachment( $id, true );
		}
		remove_filter( 'likeness_status_ttl', '__return_zero' );
		parent::tearDown();
	}

	/** A linked attachment with its generated sizes; returns its id and the absolute paths of its files. */
	private function linked( int $n, int $width = 1600, int $height = 1200 ): array {
		$id           = $this->attachment( 'guarded', $width, $height, self::uuid( $n ) );
		$this->made[] = $id;
		$base         = wp_get_upload_dir()['basedir'];
		$paths        = array_map(
			static function ( string $file ) use ( $base ): string {
				return $base . '/' . $file;
			},
			$this->plugin()->protected_files->files_of( $id )
		);
		return array( $id, $paths );
	}

	private function decide( int $id ): void {
		$this->plugin()->status->reset();
		$this->plugin()->resolver->decide_attachment( $id );
	}

	public function test_a_withdrawal_moves_the_original_and_every_size_and_approval_brings_them_back_unchanged(): void {
		$this->server->approved( self::uuid( 1 ) );
		list( $id, $paths ) = $this->linked( 1 );
		$this->assertGreaterThan( 3, count( $paths ), 'the original and its sizes' );
		$hashes = array_map( 'md5_file', $paths );
		$this->decide( $id );
		$this->assertFalse( $this->plugin()->protected_files->is_protected( $id ) );

		$this->server->withdrawn( self::uuid( 1 ) );
		$this->decide( $id );
		foreach ( $paths as $path ) {
			$this->assertFileDoesNotExist( $path, 'no longer at its public path' );
		}
		$this->assertTrue( $this->plugin()->protected_files->is_protected( $id ) );
		$root = $this->plugin()->protected_files->root();
		$this->assertMatchesRegularExpression( '#/likeness-protected-[a-z0-9]{32}$#', $root, 'a name no URL points to' );
		$this->assertFileExists( $root . '/.htaccess' );

		$this->server->approved( self::uuid( 1 ) );
		$this->decide( $id );
		$this->assertSame( $hashes, array_map( 'md5_file', $paths ), 'the same files, back where they were' );
		$this->assertFalse( $this->plugin()->protected_files->is_protected( $id ) );
		$this->assertDirectoryDoesNotExist( $root . '/' . $id );
	}

	public function test_a_signed_withdrawal_hides_the_files_at_once_even_of_an_image_never_shown_here(): void {
		list( $id, $paths ) = $this->linked( 8, 400, 300 );
		$this->assertFalse( $this->plugin()->status->is_cached( self::uuid( 8 ) ) );
		$event   = array( 'type' => 'asset.status.changed', 'seq' => 3, 'id' => wp_generate_uuid4(), 'at' => gmdate( 'Y-m-d\TH:i:s.v\Z' ), 'assetId' => self::uuid( 8 ), 'channel' => 'web', 'oldStatus' => 'approved', 'newStatus' => 'withdrawn', 'approved' => false, 'visible' => false, 'approvedUntil' => null, 'reasons' => array() );
		$body    = wp_json_encode( $event );
		$request = new \WP_REST_Request( 'POST', '/likeness/v1/webhook' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_header( 'X-Likeness-Signature', Signature::header( 'whsec_test', time(), $body ) );
		$request->set_body( $body );
		wp_set_current_user( 0 );
		$this->assertSame( 200, rest_do_request( $request )->get_status() );
		foreach ( $paths as $path ) {
			$this->assertFileDoesNotExist( $path );
		}
		$this->assertCount( 0, $this->server->calls( 'POST', '/status/batch' ), 'decided from the signed event alone' );
	}

	public function test_a_lease_that_ran_out_while_the_server_is_down_hides_the_files_at_the_sweep(): void {
		list( $expired, $expired_paths ) = $this->linked( 2, 400, 300 );
		list( $never, $never_paths )     = $this->linked( 3, 400, 300 );
		$now_ms = (int) floor( microtime( true ) * 1000 );
		( new StatusCache() )->put_batch(
			'web',
			array( array( 'assetId' => self::uuid( 2 ), 'status' => 'approved', 'approved' => true, 'visible' => true, 'approvedUntil' => gmdate( 'Y-m-d\TH:i:s\Z', time() - 1 ) ) ),
			$now_ms - 7_200_000,
			$now_ms - 7_200_000,
			60_000
		);
		$this->server->failure = 'down';
		do_action( UploadGuard::SWEEP_HOOK );
		foreach ( $expired_paths as $path ) {
			$this->assertFileDoesNotExist( $path, 'fails closed: the lease is over' );
		}
		foreach ( $never_paths as $path ) {
			$this->assertFileExists( $path, 'never known to the server: hidden in markup, files stay' );
		}
	}

	public function test_editors_get_a_preview_url_in_wp_admin_and_visitors_the_public_one(): void {
		$this->server->withdrawn( self::uuid( 4 ) );
		list( $id ) = $this->linked( 4, 400, 300 );
		$public     = wp_get_attachment_url( $id );
		$this->decide( $id );
		$this->assertTrue( $this->plugin()->protected_files->is_protected( $id ) );

		$this->assertSame( $public, wp_get_attachment_url( $id ), 'visitors: unchanged (it answers 404)' );
		$this->assertFalse( wp_get_attachment_image_src( $id, 'thumbnail' ), 'and no image at all' );

		set_current_screen( 'upload' );
		$this->assertStringContainsString( 'admin-ajax.php?action=likeness_protected_file&attachment=' . $id, wp_get_attachment_url( $id ) );
		$thumbnail = wp_get_attachment_image_src( $id, 'thumbnail' );
		$this->assertStringContainsString( 'file=' . rawurlencode( wp_basename( image_get_intermediate_size( $id, 'thumbnail' )['file'] ) ), $thumbnail[0] );
		$this->assertSame( 150, $thumbnail[1] );
		$this->assertStringNotContainsString( 'srcset', wp_get_attachment_image( $id, 'medium' ), 'no srcset of dead URLs' );
		$this->assertNotNull( $this->plugin()->protected_files->private_file( $id, wp_basename( get_attached_file( $id ) ) ) );
		$this->assertNull( $this->plugin()->protected_files->private_file( $id, '../../wp-config.php' ) );

		wp_set_current_user( 0 );
		$this->assertSame( $public, wp_get_attachment_url( $id ), 'no preview for someone who may not edit it' );
	}

	public function test_deleting_a_hidden_attachment_deletes_its_protected_files_and_unlinking_restores_them(): void {
		$this->server->withdrawn( self::uuid( 5 ) );
		list( $deleted ) = $this->linked( 5, 400, 300 );
		$this->decide( $deleted );
		$folder = $this->plugin()->protected_files->root() . '/' . $deleted;
		$this->assertDirectoryExists( $folder );
		wp_delete_attachment( $deleted, true );
		$this->assertDirectoryDoesNotExist( $folder, 'nothing orphaned' );

		$this->server->withdrawn( self::uuid( 6 ) );
		list( $unlinked, $paths ) = $this->linked( 6, 400, 300 );
		$this->decide( $unlinked );
		$this->assertFileDoesNotExist( $paths[0] );
		$this->plugin()->links->unlink( $unlinked );
		foreach ( $paths as $path ) {
			$this->assertFileExists( $path, 'an unlinked attachment is not guarded' );
		}
	}

	public function test_an_interrupted_move_is_finished_by_the_next_sweep(): void {
		$this->server->withdrawn( self::uuid( 7 ) );
		list( $id, $paths ) = $this->linked( 7, 400, 300 );
		// As after a crash between writing the list and moving: the record is there, the files are not moved.
		update_post_meta( $id, ProtectedFiles::META, $this->plugin()->protected_files->files_of( $id ) );
		$this->decide( $id );
		$this->assertFileExists( $paths[0], 'a render trusts the record' );
		do_action( UploadGuard::SWEEP_HOOK );
		foreach ( $paths as $path ) {
			$this->assertFileDoesNotExist( $path, 'the sweep moves what is left' );
		}
	}
}
