<?php
/**
 * Linking existing attachments: a field on the attachment screen (set by hand, or find by file hash),
 * a bulk action in the Media Library, a column with the status, and automatic linking of new uploads
 * whose file is in the image bank.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Media;

use Likeness\WordPress\Frontend\AttachmentResolver;
use Likeness\WordPress\Http\ApiException;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Settings;
use Likeness\WordPress\Status\Labels;
use Likeness\WordPress\Status\StatusService;

defined( 'ABSPATH' ) || exit;

class AttachmentFields {

	private const BULK_ACTION = 'likeness_link_by_hash';

	private Settings $settings;
	private Client $client;
	private AssetLinks $links;
	private HashLinker $hash;
	private AttachmentResolver $resolver;

	public function __construct( Settings $settings, Client $client, AssetLinks $links, HashLinker $hash, AttachmentResolver $resolver ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->links    = $links;
		$this->hash     = $hash;
		$this->resolver = $resolver;
	}

	public function register(): void {
		add_filter( 'attachment_fields_to_edit', array( $this, 'fields' ), 10, 2 );
		add_filter( 'attachment_fields_to_save', array( $this, 'save' ), 10, 2 );
		add_action( 'add_attachment', array( $this, 'on_upload' ) );
		add_filter( 'bulk_actions-upload', array( $this, 'bulk_actions' ) );
		add_filter( 'handle_bulk_actions-upload', array( $this, 'handle_bulk' ), 10, 3 );
		add_action( 'admin_notices', array( $this, 'bulk_notice' ) );
		add_filter( 'manage_media_columns', array( $this, 'columns' ) );
		add_action( 'manage_media_custom_column', array( $this, 'column' ), 10, 2 );
	}

	/**
	 * @param array    $fields Form fields.
	 * @param \WP_Post $post   The attachment.
	 */
	public function fields( $fields, $post ) {
		if ( ! $post instanceof \WP_Post || ! $this->is_media( $post ) ) {
			return $fields;
		}
		$asset_id = $this->links->asset_id( (int) $post->ID );
		$name     = 'attachments[' . (int) $post->ID . ']';
		$html     = '<input type="text" class="text" id="likeness-asset-' . (int) $post->ID . '" name="' . esc_attr( $name . '[likeness_asset]' ) . '" value="' . esc_attr( (string) $asset_id ) . '" spellcheck="false" />';
		$html    .= '<label style="display:block;margin-top:4px"><input type="checkbox" name="' . esc_attr( $name . '[likeness_find]' ) . '" value="1" /> ' . esc_html__( 'Find by file hash', 'likeness' ) . '</label>';

		$fields['likeness_asset'] = array(
			'label' => __( 'Likeness asset', 'likeness' ),
			'input' => 'html',
			'html'  => $html,
			'helps' => $this->status_text( (int) $post->ID, $asset_id ),
		);
		return $fields;
	}

	/**
	 * @param array $post       Attachment post data.
	 * @param array $attachment The submitted fields.
	 */
	public function save( $post, $attachment ) {
		$id = (int) ( $post['ID'] ?? 0 );
		if ( ! $id || ! current_user_can( 'edit_post', $id ) || ! is_array( $attachment ) ) {
			return $post;
		}
		if ( ! empty( $attachment['likeness_find'] ) ) {
			$found = $this->hash->link_by_hash( $id );
			if ( is_wp_error( $found ) ) {
				$post['errors']['likeness_asset']['errors'][] = $found->get_error_message();
			} elseif ( null === $found ) {
				$post['errors']['likeness_asset']['errors'][] = __( 'No image in Likeness has the same file.', 'likeness' );
			}
			return $post;
		}
		if ( ! isset( $attachment['likeness_asset'] ) ) {
			return $post;
		}
		$wanted  = trim( sanitize_text_field( (string) $attachment['likeness_asset'] ) );
		$current = (string) $this->links->asset_id( $id );
		if ( $wanted === $current ) {
			return $post;
		}
		if ( '' === $wanted ) {
			$this->links->unlink( $id );
			return $post;
		}
		if ( ! StatusService::valid_id( $wanted ) ) {
			$post['errors']['likeness_asset']['errors'][] = __( 'That is not a Likeness asset id.', 'likeness' );
			return $post;
		}
		try {
			$asset = $this->client->get_asset( $wanted );
		} catch ( ApiException $e ) {
			$post['errors']['likeness_asset']['errors'][] = 404 === $e->status()
				? __( 'There is no such image in Likeness.', 'likeness' )
				: $e->getMessage();
			return $post;
		}
		$this->links->link( $id, $wanted, 'manual', isset( $asset['publicId'] ) ? (string) $asset['publicId'] : null );
		return $post;
	}

	/** New uploads whose file is in the image bank are linked at once (file name search, then hash compare). */
	public function on_upload( $attachment_id ): void {
		$post = get_post( (int) $attachment_id );
		if ( ! $post || ! $this->is_media( $post ) || ! $this->settings->is_connected() || null !== $this->links->asset_id( (int) $attachment_id ) ) {
			return;
		}
		if ( get_transient( 'likeness_backoff' ) ) {
			return; // The server just failed to answer: do not make the upload wait for it.
		}
		/**
		 * Filters whether a new upload is looked up in Likeness by its file hash.
		 *
		 * @param bool $link          Default true.
		 * @param int  $attachment_id The upload.
		 */
		if ( apply_filters( 'likeness_link_on_upload', true, (int) $attachment_id ) ) {
			$this->hash->link_by_hash( (int) $attachment_id );
		}
	}

	public function bulk_actions( $actions ) {
		if ( current_user_can( 'upload_files' ) ) {
			$actions[ self::BULK_ACTION ] = __( 'Link to Likeness by file hash', 'likeness' );
		}
		return $actions;
	}

	public function handle_bulk( $redirect, $action, $ids ) {
		if ( self::BULK_ACTION !== $action ) {
			return $redirect;
		}
		$linked = 0;
		$failed = 0;
		foreach ( array_map( 'intval', (array) $ids ) as $id ) {
			if ( ! current_user_can( 'edit_post', $id ) ) {
				continue;
			}
			$result = $this->hash->link_by_hash( $id );
			if ( is_string( $result ) ) {
				++$linked;
			} else {
				++$failed;
			}
		}
		return add_query_arg(
			array(
				'likeness_linked'   => $linked,
				'likeness_unlinked' => $failed,
			),
			remove_query_arg( array( 'likeness_linked', 'likeness_unlinked' ), $redirect )
		);
	}

	public function bulk_notice(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- display only.
		if ( ! isset( $_GET['likeness_linked'] ) || 'upload' !== ( get_current_screen()->id ?? '' ) ) {
			return;
		}
		$linked = absint( $_GET['likeness_linked'] );
		$missed = absint( $_GET['likeness_unlinked'] ?? 0 );
		// phpcs:enable
		/* translators: 1: number of files linked, 2: number of files not found in Likeness. */
		$text = sprintf( __( 'Linked %1$d file(s) to Likeness; %2$d had no identical file in the image bank.', 'likeness' ), $linked, $missed );
		echo '<div class="notice notice-info is-dismissible"><p>' . esc_html( $text ) . '</p></div>';
	}

	public function columns( $columns ) {
		$columns['likeness'] = __( 'Likeness', 'likeness' );
		return $columns;
	}

	public function column( $column, $attachment_id ): void {
		if ( 'likeness' === $column ) {
			echo esc_html( $this->status_text( (int) $attachment_id, $this->links->asset_id( (int) $attachment_id ) ) );
		}
	}

	private function status_text( int $attachment_id, ?string $asset_id ): string {
		if ( null === $asset_id ) {
			return __( 'Not linked to Likeness.', 'likeness' );
		}
		$decision = $this->resolver->decide_attachment( $attachment_id );
		return null === $decision ? '' : Labels::describe( $decision, $this->settings->channel() );
	}

	private function is_media( \WP_Post $post ): bool {
		return 'attachment' === $post->post_type && ( wp_attachment_is( 'image', $post ) || wp_attachment_is( 'video', $post ) );
	}
}
