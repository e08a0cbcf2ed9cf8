//! What a live origin's playlists say: the media playlists a multivariant playlist points to, and
//! the window of segments a media playlist lists.
//!
//! A generated origin (MediaPackage v2) names its segments itself, so the segment numbers a viewer
//! sees are the media playlists' `EXT-X-MEDIA-SEQUENCE` and segment count, not object names. These
//! reads turn playlists into those numbers, for judging with [`hls_epoch::listing::judge_numbers`].

use hls_epoch::listing::Numbers;
use m3u8_rs::{MasterPlaylist, Playlist};

use crate::check::{Error, parse_master};

/// The URIs of every media playlist a multivariant playlist lists, as written (usually relative):
/// its variants', then its alternative renditions' (audio, subtitles), each once, in order.
///
/// ```
/// use origin_failover::playlist::media_playlist_uris;
///
/// let master = b"#EXTM3U\n\
/// #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"en\",URI=\"index_3.m3u8\"\n\
/// #EXT-X-STREAM-INF:BANDWIDTH=5000000,AUDIO=\"aac\"\nindex_1.m3u8\n\
/// #EXT-X-STREAM-INF:BANDWIDTH=1000000,AUDIO=\"aac\"\nindex_2.m3u8\n";
/// assert_eq!(media_playlist_uris(master)?, ["index_1.m3u8", "index_2.m3u8", "index_3.m3u8"]);
/// # Ok::<(), origin_failover::check::Error>(())
/// ```
pub fn media_playlist_uris(bytes: &[u8]) -> Result<Vec<String>, Error> {
    Ok(uris(&parse_master(bytes)?))
}

fn uris(master: &MasterPlaylist) -> Vec<String> {
    let variants = master.variants.iter().map(|v| v.uri.as_str());
    let alternatives = master.alternatives.iter().filter_map(|a| a.uri.as_deref());
    let mut uris: Vec<String> = Vec::new();
    for uri in variants.chain(alternatives) {
        if !uri.is_empty() && !uris.iter().any(|seen| seen == uri) {
            uris.push(uri.to_owned());
        }
    }
    uris
}

/// The segments a live media playlist lists at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// `EXT-X-MEDIA-SEQUENCE`: the number of the first segment listed.
    pub media_sequence: u64,
    /// Segments listed.
    pub segments: usize,
    /// Whether the playlist ends (`EXT-X-ENDLIST`): the stream stopped.
    pub ended: bool,
}

impl Window {
    /// The number of the newest segment listed; `None` when none is.
    pub fn newest(&self) -> Option<u64> {
        let count = u64::try_from(self.segments).ok()?.checked_sub(1)?;
        self.media_sequence.checked_add(count)
    }

    /// The window as [`Numbers`] to judge; `None` when it lists no segment.
    pub fn numbers(&self) -> Option<Numbers> {
        Some(Numbers {
            count: self.segments,
            oldest: self.media_sequence,
            newest: self.newest()?,
        })
    }
}

/// Reads a media playlist's window.
///
/// ```
/// use origin_failover::playlist::read_window;
///
/// let playlist = b"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n\
/// #EXT-X-MEDIA-SEQUENCE:294012340\n#EXTINF:6.0,\nindex_1_294012340.ts\n#EXTINF:6.0,\nindex_1_294012341.ts\n";
/// let window = read_window(playlist)?;
/// assert_eq!((window.media_sequence, window.segments, window.newest()), (294012340, 2, Some(294012341)));
/// assert!(!window.ended);
/// # Ok::<(), origin_failover::check::Error>(())
/// ```
pub fn read_window(bytes: &[u8]) -> Result<Window, Error> {
    match m3u8_rs::parse_playlist_res(bytes) {
        Ok(Playlist::MediaPlaylist(playlist)) => Ok(Window {
            media_sequence: playlist.media_sequence,
            segments: playlist.segments.len(),
            ended: playlist.end_list,
        }),
        Ok(Playlist::MasterPlaylist(_)) => Err(Error::NotMedia),
        Err(e) => Err(Error::Syntax {
            reason: format!("a tag or attribute could not be read ({:?})", e.map(|e| e.code)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_window_has_no_newest_segment() {
        let window = read_window(b"#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:7\n").unwrap();
        assert_eq!(window.newest(), None);
        assert_eq!(window.numbers(), None);
    }

    #[test]
    fn an_ended_playlist_says_so() {
        let text = b"#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:6.0,\na.ts\n#EXT-X-ENDLIST\n";
        let window = read_window(text).unwrap();
        assert!(window.ended);
        assert_eq!(
            window.numbers(),
            Some(Numbers {
                count: 1,
                oldest: 7,
                newest: 7
            })
        );
    }

    #[test]
    fn a_master_is_not_a_media_playlist_and_the_reverse() {
        let master = b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n";
        assert!(matches!(read_window(master), Err(Error::NotMedia)));
        let media = b"#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\na.ts\n";
        assert!(matches!(media_playlist_uris(media), Err(Error::NotMaster)));
        assert!(matches!(read_window(b"<html>"), Err(Error::Syntax { .. })));
    }
}
