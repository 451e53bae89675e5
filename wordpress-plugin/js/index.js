/**
 * Likeness in the block editor: the image picker block, status notices on images, and the pre-publish check.
 */
import './editor.scss';
import './image-block.js';
import './notices.js';
import './prepublish.js';
