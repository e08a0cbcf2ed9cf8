//! Segment bodies: the short text the fast drill writes, or real H.264/AAC media that a browser can
//! play, encoded once per run by `ffmpeg`.
//!
//! Real media is a test pattern with a tone, cut into segments of exactly the drill's cadence (every
//! segment starts on a key frame and holds a whole number of frames) in the run's [`Container`]:
//! MPEG-TS, or fragmented MP4 (an initialization segment, then one movie fragment per segment). The
//! segments are stamped with the epoch-locked timeline: segment `N` starts at presentation time
//! `start_of(N)` since the epoch (modulo the 33-bit MPEG clock in MPEG-TS; in full in fMP4's 64-bit
//! decode times), as MediaLive's epoch locking stamps it. Every pipeline of both Regions publishes the
//! library's bytes for segment `N` (and its one initialization segment), so a player that moves
//! between copies gets the same bytes, which is what epoch locking promises. When the `ffmpeg` build
//! has the `drawtext` filter, each picture shows its segment number.
//!
//! The pattern is encoded once, at the [`Encoder`]'s picture size, and published under every rendition
//! of the ladder: the master's `RESOLUTION` and `BANDWIDTH` describe the recipe's ladder, not these
//! bytes, which only have to play and to be the same everywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hls_epoch::naming::{
    FMP4_SEGMENT_CONTENT_TYPE, FMP4_SEGMENT_EXTENSION, TS_SEGMENT_CONTENT_TYPE, TS_SEGMENT_EXTENSION,
    init_segment,
};
use hls_epoch::{EpochClock, SegmentName, Timestamp};

/// The container the segments of a run are written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Container {
    /// MPEG-2 transport stream segments (`.ts`), MediaLive's default; hls.js transmuxes them.
    #[default]
    Ts,
    /// Fragmented MP4 (CMAF-style) segments (`.mp4`) after an initialization segment that each
    /// rendition playlist names in `#EXT-X-MAP`.
    Fmp4,
}

/// A container name that is neither `ts` nor `fmp4`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("container {value:?} is not known: expected \"ts\" or \"fmp4\"")]
pub struct UnknownContainer {
    /// The name given.
    pub value: String,
}

impl Container {
    /// Both containers, MPEG-TS first.
    pub const ALL: [Container; 2] = [Container::Ts, Container::Fmp4];

    /// The short name (`ts`, `fmp4`) the drill's command line and reports use.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Ts => "ts",
            Self::Fmp4 => "fmp4",
        }
    }

    /// The `Content-Type` media segments (and an initialization segment) are written with.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::Ts => TS_SEGMENT_CONTENT_TYPE,
            Self::Fmp4 => FMP4_SEGMENT_CONTENT_TYPE,
        }
    }

    /// The extension of media segments.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Ts => TS_SEGMENT_EXTENSION,
            Self::Fmp4 => FMP4_SEGMENT_EXTENSION,
        }
    }

    /// The name of segment `number` of the output with `name_modifier` under `base`.
    pub fn segment_name(self, base: &str, name_modifier: &str, number: u64) -> SegmentName {
        SegmentName::new(base, name_modifier, number).with_extension(self.extension())
    }

    /// The initialization segment of the output with `name_modifier` under `base`, for containers
    /// that have one (fMP4).
    pub fn init_segment(self, base: &str, name_modifier: &str) -> Option<String> {
        match self {
            Self::Ts => None,
            Self::Fmp4 => Some(init_segment(base, name_modifier)),
        }
    }

    /// The `#EXT-X-VERSION` rendition playlists declare: 6 for `#EXT-X-MAP` outside an I-frame
    /// playlist (RFC 8216, section 7), 3 otherwise.
    pub const fn playlist_version(self) -> usize {
        match self {
            Self::Ts => 3,
            Self::Fmp4 => 6,
        }
    }
}

impl std::fmt::Display for Container {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Container {
    type Err = UnknownContainer;
    fn from_str(value: &str) -> Result<Self, UnknownContainer> {
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(value))
            .ok_or_else(|| UnknownContainer {
                value: value.to_owned(),
            })
    }
}

/// Why the media could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `ffmpeg` could not be started.
    #[error(
        "cannot run ffmpeg at {path}: install it (Debian: apt-get install ffmpeg) or set the encoder's path"
    )]
    Spawn {
        /// The path tried.
        path: PathBuf,
        /// Why it did not start.
        #[source]
        source: std::io::Error,
    },
    /// `ffmpeg` ran but failed.
    #[error("ffmpeg exited with {status} encoding {count} segments from {first}: {stderr}")]
    Encode {
        /// Its exit status.
        status: String,
        /// The first segment number asked for.
        first: u64,
        /// How many were asked for.
        count: u64,
        /// The end of what it printed on stderr.
        stderr: String,
    },
    /// `ffmpeg` took longer than its bound.
    #[error("ffmpeg did not finish {count} segments within {limit:?}")]
    Timeout {
        /// How many segments were asked for.
        count: u64,
        /// The bound.
        limit: Duration,
    },
    /// The initialization segment `ffmpeg` should have written is missing or unreadable.
    #[error("the initialization segment was not written to {path}")]
    MissingInit {
        /// Where it was expected.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// A segment `ffmpeg` should have written is missing or unreadable.
    #[error("segment {number} was not written to {path}")]
    Missing {
        /// The segment number.
        number: u64,
        /// Where it was expected.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// The working directory could not be made.
    #[error("cannot make a working directory for the encoder")]
    WorkDir(#[source] std::io::Error),
    /// The segment range is outside the epoch clock's range.
    #[error("segment {number} has no place on the epoch-locked timeline")]
    Timeline {
        /// The segment number.
        number: u64,
    },
    /// The run's start is before the epoch or past the timeline's end.
    #[error("{at} is outside the epoch-locked timeline")]
    Instant {
        /// The instant given.
        at: Timestamp,
    },
    /// The blocking encoder task could not be joined.
    #[error("the encoder task ended abnormally")]
    Join(#[source] tokio::task::JoinError),
}

/// How real media is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoder {
    /// The `ffmpeg` executable.
    pub ffmpeg: PathBuf,
    /// Picture width.
    pub width: u32,
    /// Picture height.
    pub height: u32,
    /// The container of the segments.
    pub container: Container,
}

impl Default for Encoder {
    /// `ffmpeg` from `PATH`, 320x180 in MPEG-TS: small enough to encode minutes of media in seconds.
    fn default() -> Self {
        Self {
            ffmpeg: PathBuf::from("ffmpeg"),
            width: 320,
            height: 180,
            container: Container::Ts,
        }
    }
}

/// The bodies of one run: what every pipeline writes for segment `N`, and how a player recognises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentBodies {
    /// [`crate::pipeline::media_body`] text.
    Text,
    /// The segments of a [`MediaLibrary`].
    Encoded(Arc<MediaLibrary>),
}

impl SegmentBodies {
    /// The body of segment `number` of the output with `name_modifier`; `None` when the library does
    /// not hold that segment (a run longer than the media made for it).
    pub fn body(&self, name_modifier: &str, number: u64) -> Option<Bytes> {
        match self {
            Self::Text => Some(Bytes::from(crate::pipeline::media_body(name_modifier, number))),
            Self::Encoded(library) => library.segment(number).cloned(),
        }
    }

    /// Whether `body` is the media of segment `number` of an output whose segment stem is `stem`.
    pub fn is_media_of(&self, body: &[u8], stem: &str, number: u64) -> bool {
        match self {
            Self::Text => crate::pipeline::is_media_of(body, stem, number),
            Self::Encoded(library) => library.segment(number).is_some_and(|s| s.as_ref() == body),
        }
    }

    /// The container segments are written in (text bodies are named as MPEG-TS).
    pub fn container(&self) -> Container {
        match self {
            Self::Text => Container::Ts,
            Self::Encoded(library) => library.container(),
        }
    }

    /// The initialization segment every output of every pipeline publishes, for a container that has
    /// one.
    pub fn init(&self) -> Option<&Bytes> {
        match self {
            Self::Text => None,
            Self::Encoded(library) => library.init(),
        }
    }
}

/// A range of epoch-locked segments encoded by `ffmpeg`, held in memory.
#[derive(Clone, PartialEq, Eq)]
pub struct MediaLibrary {
    container: Container,
    first: u64,
    init: Option<Bytes>,
    segments: Vec<Bytes>,
    numbered: bool,
    encode_time: Duration,
}

impl std::fmt::Debug for MediaLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaLibrary")
            .field("container", &self.container)
            .field("first", &self.first)
            .field("segments", &self.segments.len())
            .field("numbered", &self.numbered)
            .field("encode_time", &self.encode_time)
            .finish()
    }
}

/// The MPEG presentation clock: 90 kHz, 33 bits.
const PTS_HZ: u128 = 90_000;
const PTS_WRAP: u128 = 1 << 33;

/// The file `ffmpeg` writes the fMP4 initialization segment to.
const INIT_FILE: &str = "init.mp4";

/// The longest an encode may take per segment asked for, and at least [`ENCODE_FLOOR`].
const ENCODE_PER_SEGMENT: Duration = Duration::from_secs(2);
const ENCODE_FLOOR: Duration = Duration::from_secs(60);

impl MediaLibrary {
    /// Encodes segments `first..first + count` of `epoch`'s timeline with `encoder` (and, in fMP4, the
    /// initialization segment), in a temporary
    /// directory removed afterwards. Blocks while `ffmpeg` runs (a few seconds per minute of media at
    /// 320x180); bounded by two seconds per segment and at least a minute.
    pub fn encode(encoder: &Encoder, epoch: EpochClock, first: u64, count: u64) -> Result<Self, Error> {
        let started = Instant::now();
        let dir = tempfile::Builder::new()
            .prefix("failover-drill-media-")
            .tempdir()
            .map_err(Error::WorkDir)?;
        let numbered = has_drawtext(&encoder.ffmpeg)?;
        let cadence = epoch.cadence();
        let rate = cadence.rate();
        let frames = cadence.frames();
        // Presentation time of the first segment on the epoch-locked timeline: modulo 2^33 ticks of
        // 90 kHz in MPEG-TS, in full in fMP4 (its decode times have 64 bits).
        let start = epoch
            .start_of(first)
            .map_err(|_| Error::Timeline { number: first })?;
        let since_epoch = u128::try_from(start.unix_nanos() - epoch.epoch().start().unix_nanos())
            .map_err(|_| Error::Timeline { number: first })?;
        let offset = match encoder.container {
            Container::Ts => {
                let ticks = (since_epoch * PTS_HZ / 1_000_000_000) % PTS_WRAP;
                decimal(ticks, PTS_HZ)
            }
            Container::Fmp4 => decimal(since_epoch, 1_000_000_000),
        };
        // One key frame per segment, on its first frame; a segment is cut at every key frame because
        // the target duration sits half a frame short of the cadence.
        let frame_rate = format!("{}/{}", rate.numerator(), rate.denominator());
        let cut = decimal(
            (2 * u128::from(frames) - 1) * u128::from(rate.denominator()),
            2 * u128::from(rate.numerator()),
        );
        // One segment more than asked for: the last one written may be cut short by the end of input.
        let total_frames = u64::from(frames) * (count + 1);
        let seconds = decimal(
            u128::from(total_frames) * u128::from(rate.denominator()),
            u128::from(rate.numerator()),
        );
        let mut video = String::from("format=yuv420p");
        if numbered {
            video = format!(
                "drawtext=text='segment %{{eif\\:floor(n/{frames})+{first}\\:d}}':x=10:y=10:fontsize={}:\
                 fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6,{video}",
                (encoder.height / 9).max(12)
            );
        }
        let gop = frames.to_string();
        let extension = encoder.container.extension();
        let segment_pattern = dir.path().join(format!("%d.{extension}"));
        let mut command = Command::new(&encoder.ffmpeg);
        command
            .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
            .args(["-f", "lavfi", "-i"])
            .arg(format!(
                "testsrc2=size={}x{}:rate={frame_rate}",
                encoder.width, encoder.height
            ))
            .args(["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000"])
            .args(["-t", &seconds, "-vf", &video])
            .args(["-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "main"])
            .args(["-g", &gop, "-keyint_min", &gop, "-sc_threshold", "0"])
            .arg("-force_key_frames")
            .arg(format!("expr:eq(mod(n,{frames}),0)"))
            .args(["-c:a", "aac", "-b:a", "64k", "-ac", "2"])
            .args(["-muxdelay", "0", "-muxpreload", "0", "-output_ts_offset", &offset])
            .args(["-f", "hls", "-hls_time", &cut, "-hls_list_size", "0"]);
        if encoder.container == Container::Fmp4 {
            // One movie fragment per segment; `frag_discont` writes each fragment's decode time as
            // stamped (on the epoch-locked timeline) instead of counting from zero.
            command
                .args(["-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", INIT_FILE])
                .args(["-hls_segment_options", "movflags=+frag_discont"]);
        }
        command
            .arg("-hls_segment_filename")
            .arg(&segment_pattern)
            .args(["-start_number", &first.to_string()])
            .arg(dir.path().join("encoded.m3u8"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let limit = ENCODE_PER_SEGMENT
            .saturating_mul(u32::try_from(count).unwrap_or(u32::MAX))
            .max(ENCODE_FLOOR);
        let (status, stderr) = run_bounded(command, &encoder.ffmpeg, limit, count)?;
        if !status.success() {
            return Err(Error::Encode {
                status: status.to_string(),
                first,
                count,
                stderr,
            });
        }
        let segments = (first..first + count)
            .map(|number| {
                let path = dir.path().join(format!("{number}.{extension}"));
                std::fs::read(&path)
                    .map(Bytes::from)
                    .map_err(|source| Error::Missing { number, path, source })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let init = match encoder.container {
            Container::Ts => None,
            Container::Fmp4 => {
                let path = dir.path().join(INIT_FILE);
                let bytes = std::fs::read(&path).map_err(|source| Error::MissingInit { path, source })?;
                Some(Bytes::from(bytes))
            }
        };
        Ok(Self {
            container: encoder.container,
            first,
            init,
            segments,
            numbered,
            encode_time: started.elapsed(),
        })
    }

    /// The segments a run needs: every segment that starts in `[from, from + span]` on `epoch`'s
    /// timeline. Encode before the drill clock starts (at `from`), so that encoding costs no drill time.
    pub fn covering(
        encoder: &Encoder,
        epoch: EpochClock,
        from: Timestamp,
        span: Duration,
    ) -> Result<Self, Error> {
        let first = epoch.index_at(from).map_err(|_| Error::Instant { at: from })?;
        let segment = epoch.cadence().duration().to_duration();
        let count = span.as_nanos().div_ceil(segment.as_nanos().max(1)) + 1;
        Self::encode(encoder, epoch, first, u64::try_from(count).unwrap_or(u64::MAX))
    }

    /// [`MediaLibrary::encode`] on tokio's blocking pool.
    pub async fn encode_async(
        encoder: Encoder,
        epoch: EpochClock,
        first: u64,
        count: u64,
    ) -> Result<Self, Error> {
        tokio::task::spawn_blocking(move || Self::encode(&encoder, epoch, first, count))
            .await
            .map_err(Error::Join)?
    }

    /// The bytes of segment `number`, if the library holds it.
    pub fn segment(&self, number: u64) -> Option<&Bytes> {
        let index = usize::try_from(number.checked_sub(self.first)?).ok()?;
        self.segments.get(index)
    }

    /// The container the segments are in.
    pub fn container(&self) -> Container {
        self.container
    }

    /// The initialization segment (fMP4 only).
    pub fn init(&self) -> Option<&Bytes> {
        self.init.as_ref()
    }

    /// The segment numbers held.
    pub fn numbers(&self) -> std::ops::Range<u64> {
        self.first..self.first + self.segments.len() as u64
    }

    /// Whether each picture shows its segment number (`ffmpeg` has `drawtext`).
    pub fn numbered(&self) -> bool {
        self.numbered
    }

    /// How long the encode took (real time).
    pub fn encode_time(&self) -> Duration {
        self.encode_time
    }
}

/// `numerator / denominator` as a decimal with six places (truncated): what ffmpeg's time options take.
fn decimal(numerator: u128, denominator: u128) -> String {
    let micros = numerator * 1_000_000 / denominator.max(1);
    format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000)
}

/// Whether this `ffmpeg` build has the `drawtext` filter (it needs libfreetype).
fn has_drawtext(ffmpeg: &Path) -> Result<bool, Error> {
    let output = Command::new(ffmpeg)
        .args(["-hide_banner", "-filters"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|source| Error::Spawn {
            path: ffmpeg.to_owned(),
            source,
        })?;
    let filters = String::from_utf8_lossy(&output.stdout);
    Ok(filters
        .lines()
        .any(|line| line.split_whitespace().nth(1) == Some("drawtext")))
}

/// Runs `command` to completion within `limit`, killing it past that; its status and the end of its
/// stderr.
fn run_bounded(
    mut command: Command,
    path: &Path,
    limit: Duration,
    count: u64,
) -> Result<(std::process::ExitStatus, String), Error> {
    let mut child = command.spawn().map_err(|source| Error::Spawn {
        path: path.to_owned(),
        source,
    })?;
    // Drain stderr on its own thread so that a chatty encoder never blocks on a full pipe.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            text
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Timeout { count, limit });
            }
        }
    };
    let text = stderr.and_then(|thread| thread.join().ok()).unwrap_or_default();
    let tail: String = text.lines().rev().take(5).collect::<Vec<_>>().join(" / ");
    Ok((status, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_truncate_to_microseconds() {
        assert_eq!(decimal(6006, 1000), "6.006000");
        assert_eq!(decimal(1, 3), "0.333333");
        // 180 frames at 29.97 fps, less half a frame: where the encoder cuts a 6.006 s segment.
        assert_eq!(decimal(359 * 1001, 2 * 30000), "5.989316");
    }
}
