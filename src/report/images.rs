//! Images in the board's narrative files, embedded in the report as data (`data:image/png;…`)
//! so that it stays one self-contained file that fetches nothing. Only PNG and JPEG files of
//! the narrative folder are embedded, each checked by its first bytes: an address on the web
//! would be fetched by every reader's browser, and SVG can carry scripts.

use std::path::{Path, PathBuf};

/// The largest image embedded: a chart or a photograph at screen size is well under it.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;

pub struct Images {
    /// The narrative folder, and the data folder it must stay inside.
    dir: PathBuf,
    root: PathBuf,
}

impl Images {
    pub fn new(dir: &Path, root: &Path) -> Self {
        Images { dir: dir.to_path_buf(), root: root.to_path_buf() }
    }

    /// The image `dest` names as a data address, or why it cannot be embedded.
    pub fn embed(&self, dest: &str) -> Result<String, String> {
        let dest = dest.trim();
        let lower = dest.to_ascii_lowercase();
        if lower.contains("://") || lower.starts_with("data:") || lower.starts_with("//") {
            return Err("an image on the web is not fetched: put the file in the narrative folder and name it, as ![what it shows](chart.png)".into());
        }
        let plain = Path::new(dest).components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if dest.is_empty() || !plain || dest.contains('\\') {
            return Err("an image is named by its file in the narrative folder (images/chart.png), with no `..`".into());
        }
        let shown = crate::load::personal::shorten(dest);
        let kind = match lower.rsplit('.').next() {
            Some("png") => "png",
            Some("jpg" | "jpeg") => "jpeg",
            Some("svg") => {
                return Err(format!("{shown} is SVG, which can carry scripts and is not embedded: save it as PNG"));
            }
            _ => return Err(format!("{shown} is not a PNG or JPEG file, the images a report embeds")),
        };
        let path = self.dir.join(dest);
        if !path.is_file() {
            return Err(format!("there is no image {shown} in the narrative folder"));
        }
        let bytes =
            crate::load::files::read_capped(&path, &self.root, MAX_BYTES).map_err(|why| format!("{shown}: {why}"))?;
        let is = match kind {
            "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            _ => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        };
        if !is {
            return Err(format!("{shown} is named as {} but its bytes are not one", kind.to_uppercase()));
        }
        Ok(format!("data:image/{kind};base64,{}", base64(&bytes)))
    }
}

/// Standard base64 (RFC 4648), with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_rfc_s() {
        // RFC 4648, section 10.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn only_png_and_jpeg_files_of_the_folder_are_embedded() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("narrative");
        std::fs::create_dir_all(dir.join("images")).unwrap();
        std::fs::write(dir.join("images/chart.png"), b"\x89PNG\r\n\x1a\nrest").unwrap();
        std::fs::write(dir.join("fake.png"), b"<svg onload=alert(1)>").unwrap();
        std::fs::write(dir.join("logo.svg"), b"<svg/>").unwrap();
        let images = Images::new(&dir, root.path());
        assert_eq!(
            images.embed("images/chart.png").unwrap(),
            format!("data:image/png;base64,{}", base64(b"\x89PNG\r\n\x1a\nrest"))
        );
        for (dest, why) in [
            ("https://example.org/x.png", "not fetched"),
            ("../secret.png", "no `..`"),
            ("/etc/x.png", "no `..`"),
            ("logo.svg", "SVG"),
            ("fake.png", "its bytes are not one"),
            ("missing.jpg", "no image missing.jpg"),
            ("notes.txt", "not a PNG or JPEG"),
        ] {
            let got = images.embed(dest).unwrap_err();
            assert!(got.contains(why), "{dest}: {got}");
        }
    }
}
