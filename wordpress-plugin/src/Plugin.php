<?php
/**
 * Builds the plugin's objects once and lets each register its hooks.
 *
 * @package Likeness
 */

namespace Likeness\WordPress;

use Likeness\WordPress\Admin\ConnectionCheck;
use Likeness\WordPress\Admin\SettingsPage;
use Likeness\WordPress\Cache\Purger;
use Likeness\WordPress\Editor\EditorAssets;
use Likeness\WordPress\Frontend\AttachmentResolver;
use Likeness\WordPress\Frontend\DeliveryUrls;
use Likeness\WordPress\Frontend\Enforcer;
use Likeness\WordPress\Frontend\LiveScript;
use Likeness\WordPress\Http\Client;
use Likeness\WordPress\Media\AssetLinks;
use Likeness\WordPress\Media\AttachmentFields;
use Likeness\WordPress\Media\HashLinker;
use Likeness\WordPress\Media\Importer;
use Likeness\WordPress\Media\ProtectedFiles;
use Likeness\WordPress\Media\UploadGuard;
use Likeness\WordPress\Rest\EditorController;
use Likeness\WordPress\Rest\WebhookController;
use Likeness\WordPress\Status\StatusCache;
use Likeness\WordPress\Status\StatusService;
use Likeness\WordPress\Status\UnlinkedPolicy;
use Likeness\WordPress\Usage\PostMedia;
use Likeness\WordPress\Usage\UsageReporter;

defined( 'ABSPATH' ) || exit;

final class Plugin {

	private static ?Plugin $instance = null;

	public Settings $settings;
	public Client $client;
	public StatusCache $cache;
	public StatusService $status;
	public UnlinkedPolicy $unlinked;
	public AssetLinks $links;
	public AttachmentResolver $resolver;
	public Enforcer $enforcer;
	public DeliveryUrls $delivery;
	public ProtectedFiles $protected_files;
	public UploadGuard $upload_guard;
	public LiveScript $live;
	public Purger $purger;
	public WebhookController $webhook;
	public Importer $importer;
	public HashLinker $hash;
	public AttachmentFields $fields;
	public PostMedia $media;
	public UsageReporter $usages;
	public EditorController $editor_api;
	public EditorAssets $editor_assets;
	public ConnectionCheck $connection_check;
	public SettingsPage $settings_page;

	private bool $booted = false;

	public static function instance(): Plugin {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	private function __construct() {
		$this->settings        = new Settings();
		$this->client          = new Client( $this->settings );
		$this->cache           = new StatusCache();
		$this->status          = new StatusService( $this->settings, $this->client, $this->cache );
		$this->unlinked        = new UnlinkedPolicy( $this->settings, $this->client );
		$this->links           = new AssetLinks();
		$this->resolver        = new AttachmentResolver( $this->links, $this->status, $this->unlinked );
		$this->media           = new PostMedia();
		$this->enforcer        = new Enforcer( $this->settings, $this->resolver, $this->media );
		$this->delivery        = new DeliveryUrls( $this->settings, $this->unlinked, $this->resolver, $this->enforcer, $this->links, $this->client );
		$this->protected_files = new ProtectedFiles();
		$this->upload_guard    = new UploadGuard( $this->protected_files, $this->links, $this->resolver, $this->enforcer, $this->status );
		$this->live            = new LiveScript( $this->settings );
		$this->purger          = new Purger( $this->links );
		$this->webhook         = new WebhookController( $this->settings, $this->status, $this->purger );
		$this->importer        = new Importer( $this->settings, $this->client, $this->links );
		$this->hash            = new HashLinker( $this->client, $this->links );
		$this->fields          = new AttachmentFields( $this->settings, $this->client, $this->links, $this->hash, $this->resolver );
		$this->usages          = new UsageReporter( $this->settings, $this->client, $this->links, $this->media );
		$this->editor_api      = new EditorController( $this->settings, $this->client, $this->importer, $this->hash, $this->links, $this->resolver );
		$this->editor_assets   = new EditorAssets( $this->settings );
		$this->connection_check = new ConnectionCheck( $this->settings, $this->client, $this->unlinked, $this->usages );
		$this->settings_page   = new SettingsPage( $this->settings, $this->connection_check );
	}

	public function boot(): void {
		if ( $this->booted ) {
			return;
		}
		$this->booted = true;
		Installer::maybe_upgrade();
		add_action( 'init', array( $this, 'load_textdomain' ) );
		add_action( 'update_option_' . Settings::OPTION, array( $this, 'settings_changed' ), 10, 2 );

		$this->enforcer->register();
		$this->upload_guard->register();
		$this->delivery->register();
		$this->live->register();
		$this->webhook->register();
		$this->fields->register();
		$this->usages->register();
		$this->editor_api->register();
		$this->editor_assets->register();
		$this->settings_page->register();
	}

	public function load_textdomain(): void {
		load_plugin_textdomain( 'likeness', false, dirname( plugin_basename( LIKENESS_FILE ) ) . '/languages' );
	}

	/**
	 * A different server, key or channel makes every cached answer meaningless.
	 *
	 * @param mixed $old Previous value.
	 * @param mixed $new New value.
	 */
	public function settings_changed( $old, $new ): void {
		$old = is_array( $old ) ? $old : array();
		$new = is_array( $new ) ? $new : array();
		foreach ( array( 'server_url', 'api_key', 'channel' ) as $key ) {
			if ( ( $old[ $key ] ?? '' ) !== ( $new[ $key ] ?? '' ) ) {
				$this->cache->flush();
				$this->unlinked->forget();
				delete_transient( 'likeness_backoff' );
				break;
			}
		}
		$this->status->reset();
		$this->delivery->reset();
	}
}
