//! The images a handbook's PDF embeds: exactly the files its playbooks
//! show (Markdown images and raw-HTML `<img>` alike, as
//! [`crate::check::Checked::images`] lists them), each read once with the
//! cap every published file has, checked by typst's own decoders before
//! the typesetting starts, and served to typst under a virtual path of
//! its own (`/img/3.png`) through [`super::HandbookWorld`]. typst reads no
//! other file.
//!
//! An image that cannot be read or that typst refuses (damaged, of a kind
//! it does not take) keeps its file name and caption in the PDF, and is a
//! `pdf-image-unusable` warning at each place a playbook of the handbook
//! shows it: one bad picture never costs the handbook its PDF.

use std::collections::HashMap;
use std::io::Read as _;

use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, VirtualPath, VirtualRoot};
use typst::visualize::{
    ExchangeFormat, ImageFormat, RasterFormat, RasterImage, SvgImage, VectorFormat,
};

use crate::base::codes::Code;
use crate::base::diagnostic::Diagnostic;
use crate::input::assets::{Asset, Found, MAX_ASSET};
use crate::input::handbook::Handbook;
use crate::output::Built;

/// Points per CSS pixel: an image is as wide on paper as the print page
/// shows it (a 400 px QR code is 300 pt, 10.6 cm), at most the text width.
pub const PT_PER_PX: f64 = 0.75;

/// A raster image at most this many pixels on each side is drawn
/// pixelated when a viewer enlarges it: QR codes (typically 200–430 px)
/// and small diagrams stay sharp instead of blurring. Photos and
/// screenshots, larger, are smoothed.
const PIXELATED_UP_TO: u32 = 600;

/// The widest a raster image is handed to typst, in pixels: 1400 across
/// the text width (16 cm) is 220 dpi, sharp on paper. A desktop screenshot
/// (2560–4064 px in the documentation sites tried) is scaled down to it
/// first, one at a time, since typst keeps every image it decodes.
pub const MAX_PRINT_WIDTH: u32 = 1400;

/// The most pixels the raster images of one handbook may hold together,
/// counted after [`MAX_PRINT_WIDTH`]. typst decodes each one whole, at up
/// to four bytes a pixel, and keeps it while the handbook is typeset: 400
/// megapixels is 1.6 GB. 225 screenshots of a 209-page documentation site
/// come to 270. Past the cap, the images that follow keep their file name.
pub const MAX_HANDBOOK_PIXELS: u64 = 400_000_000;

/// One file the PDF embeds.
pub struct Embedded {
    /// The path typst reads it under: `/img/3.png`.
    pub path: String,
    /// Its width on paper, before the text width bounds it.
    pub width_pt: f64,
    /// Drawn without smoothing (see [`PIXELATED_UP_TO`]).
    pub pixelated: bool,
    id: FileId,
    bytes: Bytes,
}

/// The images of one handbook.
#[derive(Default)]
pub struct Images {
    files: Vec<Embedded>,
    /// Each embedded file by the address `markdown::prepare` gives it on the
    /// handbook's print page, which is what the prepared events hold.
    by_href: HashMap<String, usize>,
    /// The images that cannot be embedded, at each place they are shown.
    pub diags: Vec<Diagnostic>,
}

impl Images {
    /// Reads and checks every image the handbook's playbooks show.
    pub fn gather(built: &Built, handbook: &Handbook) -> Images {
        let site = &built.site;
        let mut images = Images::default();
        let page_dir = crate::base::urls::handbook_dir(&handbook.id);
        // Each file once, however often it is shown: its index, or why not.
        let mut loaded: HashMap<String, Result<usize, String>> = HashMap::new();
        let mut pixels: u64 = 0;
        for &i in handbook.chapters.iter().flat_map(|c| &c.playbooks) {
            let (Some(p), Some(checked)) = (site.playbooks.get(i), built.checked.get(i)) else {
                continue;
            };
            for image in &checked.images {
                let Found::Asset(asset) = site.assets.find(&p.source.path, &image.dest, true)
                else {
                    continue; // a web address, or `broken-image`
                };
                if asset.refused || crate::markdown::media::kind(&image.dest).is_some() {
                    // Reported where it was refused; a sound, video or
                    // document is `not-an-image`, and prints its file name.
                    continue;
                }
                let result = loaded
                    .entry(asset.source.clone())
                    .or_insert_with(|| {
                        let n = images.files.len();
                        let claimed = raster_pixels(asset);
                        if pixels + claimed > MAX_HANDBOOK_PIXELS {
                            return Err(format!(
                                "with it, the handbook's images would hold more than the {} megapixels one PDF may decode",
                                MAX_HANDBOOK_PIXELS / 1_000_000
                            ));
                        }
                        load(asset, n).map(|e| {
                            pixels += claimed;
                            images.files.push(e);
                            n
                        })
                    })
                    .clone();
                match result {
                    Ok(n) => {
                        if let Some(target) =
                            site.assets
                                .target(&p.source.path, &page_dir, &image.dest, true)
                        {
                            images.by_href.insert(target.href, n);
                        }
                    }
                    Err(why) => {
                        let at = crate::check::assets::url_range(p.body(), image.range.clone());
                        images.diags.push(
                            Diagnostic::warning(
                                Code::PdfImageUnusable,
                                &p.source,
                                p.file_range(at),
                                crate::tr!(
                                    "`{}` 的 PDF 显示不了图片 {}：{why}；这里改为印出文件名和图片说明", "the PDF of `{}` cannot show the image {}: {why}; it prints the file name and caption instead",
                                    handbook.id, asset.source
                                ),
                            )
                            .with_help(crate::tr!("用图片编辑器打开，重新存成 PNG 或 JPEG（或者普通的 SVG）", "open it in an image editor and save it again as PNG or JPEG (or as a plain SVG)")),
                        );
                    }
                }
            }
        }
        images
    }

    /// The embedded image an image of the prepared events shows, by its address.
    pub fn get(&self, href: &str) -> Option<&Embedded> {
        self.by_href.get(href).map(|&n| &self.files[n])
    }

    /// The bytes typst asks for, when `id` is one of the embedded files.
    pub fn file(&self, id: FileId) -> Option<Bytes> {
        self.files
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.bytes.clone())
    }
}

/// The pixels a raster image's header claims, once scaled to print (an SVG
/// is drawn, not decoded).
fn raster_pixels(asset: &Asset) -> u64 {
    let svg = asset.source.to_ascii_lowercase().ends_with(".svg");
    match asset.size {
        Some((w, h)) if !svg => {
            let (w, h) = (u64::from(w), u64::from(h));
            let print = u64::from(MAX_PRINT_WIDTH);
            if w > print {
                print * (h * print / w).max(1)
            } else {
                w * h
            }
        }
        _ => 0,
    }
}

/// A raster image wider than [`MAX_PRINT_WIDTH`], scaled down to it: a
/// JPEG stays a JPEG (photos), anything else becomes a PNG (screenshots
/// keep their sharp text). `None` when it needs no scaling.
fn scaled_to_print(
    data: &[u8],
    format: ExchangeFormat,
    width: u32,
) -> Result<Option<(Vec<u8>, ExchangeFormat)>, String> {
    if width <= MAX_PRINT_WIDTH {
        return Ok(None);
    }
    let decoded = image::load_from_memory(data).map_err(|e| format!("it does not decode ({e})"))?;
    let scaled = decoded.resize(
        MAX_PRINT_WIDTH,
        u32::MAX,
        image::imageops::FilterType::Triangle,
    );
    drop(decoded);
    let mut out = std::io::Cursor::new(Vec::new());
    let result = if format == ExchangeFormat::Jpg {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&scaled.to_rgb8())
    } else {
        scaled.write_to(&mut out, image::ImageFormat::Png)
    };
    result.map_err(|e| format!("it could not be scaled to print ({e})"))?;
    let format = if format == ExchangeFormat::Jpg {
        ExchangeFormat::Jpg
    } else {
        ExchangeFormat::Png
    };
    Ok(Some((out.into_inner(), format)))
}

/// Reads one file and has typst decode it, as the typesetting will (typst
/// keeps the result, so it is decoded once).
fn load(asset: &Asset, n: usize) -> Result<Embedded, String> {
    let mut data = Vec::new();
    std::fs::File::open(&asset.path)
        .and_then(|f| f.take(MAX_ASSET + 1).read_to_end(&mut data))
        .map_err(|e| format!("it cannot be read ({e})"))?;
    if data.len() as u64 > MAX_ASSET {
        return Err(format!(
            "it is larger than the {} MB a published file may be",
            MAX_ASSET >> 20
        ));
    }
    let format = ImageFormat::detect(&data)
        .ok_or("it is not a PNG, JPEG, GIF, WebP or SVG image (its contents say otherwise)")?;
    let mut bytes = Bytes::new(data);
    let (ext, width_pt, pixelated) = match format {
        ImageFormat::Raster(RasterFormat::Exchange(f)) => {
            // The size on paper is the original's, as on the print page;
            // only the pixels typst holds are fewer.
            let (w, h) = match asset.size {
                Some(size) => size,
                None => {
                    let image = RasterImage::plain(bytes.clone(), f)
                        .map_err(|e| format!("it does not decode ({e})"))?;
                    (image.width(), image.height())
                }
            };
            let f = match scaled_to_print(&bytes, f, w)? {
                Some((data, scaled)) => {
                    bytes = Bytes::new(data);
                    scaled
                }
                None => f,
            };
            RasterImage::plain(bytes.clone(), f)
                .map_err(|e| format!("it does not decode ({e})"))?;
            let ext = format!("{f:?}").to_ascii_lowercase();
            (ext, f64::from(w) * PT_PER_PX, w.max(h) <= PIXELATED_UP_TO)
        }
        ImageFormat::Vector(VectorFormat::Svg) => {
            let image =
                SvgImage::new(bytes.clone()).map_err(|e| format!("it does not parse ({e:?})"))?;
            ("svg".to_string(), image.width() * PT_PER_PX, false)
        }
        ImageFormat::Raster(RasterFormat::Pixel(_)) | ImageFormat::Vector(VectorFormat::Pdf) => {
            return Err("it is not a PNG, JPEG, GIF, WebP or SVG image".into())
        }
    };
    let path = format!("img/{n}.{ext}");
    let vpath = VirtualPath::new(&path).map_err(|_| "quire could not name it for typst")?;
    Ok(Embedded {
        id: RootedPath::new(VirtualRoot::Project, vpath).intern(),
        path: format!("/{path}"),
        width_pt,
        pixelated,
        bytes,
    })
}

#[cfg(test)]
impl Images {
    /// An embedded image at `href`, as if read from a file.
    pub fn insert_for_test(&mut self, href: &str, width_pt: f64, pixelated: bool) {
        let n = self.files.len();
        let path = format!("img/{n}.png");
        let vpath = VirtualPath::new(&path).expect("a plain path");
        self.files.push(Embedded {
            id: RootedPath::new(VirtualRoot::Project, vpath).intern(),
            path: format!("/{path}"),
            width_pt,
            pixelated,
            bytes: Bytes::new(Vec::new()),
        });
        self.by_href.insert(href.to_string(), n);
    }
}
