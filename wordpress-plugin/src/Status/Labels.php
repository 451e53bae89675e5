<?php
/**
 * Human words for statuses, for editors.
 *
 * @package Likeness
 */

namespace Likeness\WordPress\Status;

defined( 'ABSPATH' ) || exit;

final class Labels {

	public static function status( string $status ): string {
		switch ( $status ) {
			case 'approved':
				return __( 'Approved', 'likeness' );
			case 'expiring':
				return __( 'Approved, consent expiring', 'likeness' );
			case 'unhandled':
				return __( 'Not handled in Likeness', 'likeness' );
			case 'persons_missing':
				return __( 'Persons not identified', 'likeness' );
			case 'consent_missing':
				return __( 'Consent missing', 'likeness' );
			case 'expired':
				return __( 'Consent expired', 'likeness' );
			case 'withdrawn':
				return __( 'Consent withdrawn', 'likeness' );
			case 'unlinked':
				return __( 'Not linked to Likeness', 'likeness' );
			default:
				return __( 'Unknown to Likeness', 'likeness' );
		}
	}

	/** "Approved until 2027-06-30 · shown" style, for the attachment screen. */
	public static function describe( Decision $decision, string $channel ): string {
		/* translators: 1: status, e.g. "Approved"; 2: channel, e.g. "web". */
		$text = sprintf( __( '%1$s in channel %2$s.', 'likeness' ), self::status( $decision->status ), $channel );
		if ( null !== $decision->approved_until ) {
			/* translators: %s: a date. */
			$text .= ' ' . sprintf( __( 'Approved until %s.', 'likeness' ), wp_date( get_option( 'date_format' ), (int) floor( $decision->approved_until / 1000 ) ) );
		}
		$text .= ' ' . ( $decision->visible ? __( 'Shown on the site.', 'likeness' ) : __( 'Not shown on the site.', 'likeness' ) );
		if ( 'cached' === $decision->source ) {
			$text .= ' ' . __( '(The Likeness server could not be reached; last known status.)', 'likeness' );
		}
		return $text;
	}
}
