#include "ReplayWriters.h"

#include <gif_lib.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include <algorithm>
#include <cmath>

#include "Error.h"
#include "Exports.h"

namespace embedscope {

namespace {

constexpr int kRedLevels = 6;
constexpr int kGreenLevels = 7;
constexpr int kBlueLevels = 6;

// The nearest level of `levels` evenly spaced over 0..255.
int level(int channel, int levels) {
    return (channel * (levels - 1) + 127) / 255;
}

int levelValue(int index, int levels) {
    return (index * 255 + (levels - 1) / 2) / (levels - 1);
}

unsigned char paletteIndex(QRgb pixel) {
    return static_cast<unsigned char>(
        (level(qRed(pixel), kRedLevels) * kGreenLevels + level(qGreen(pixel), kGreenLevels)) *
            kBlueLevels +
        level(qBlue(pixel), kBlueLevels));
}

// giflib's output callback: appends to the AtomicOutput's buffer.
int appendToOutput(GifFileType* gif, const GifByteType* bytes, int length) {
    auto* output = static_cast<AtomicOutput*>(gif->UserData);
    output->buffer().append(reinterpret_cast<const char*>(bytes), std::size_t(length));
    output->flushIfFull();
    return length;
}

}  // namespace

void writeReplayCsv(const QString& path, TimelineReplay& replay, const QStringList& words,
                    const JobControl& control) {
    if (replay.empty() || words.size() != qsizetype(replay.rows().size()))
        throw Error(fileError(path.toStdString(), "nothing to export: no timeline to replay"));
    AtomicOutput output(path.toStdString());
    std::vector<std::string> fields;
    for (const QString& word : words)
        fields.push_back(csvField(word).toStdString());
    output.buffer() += "frame,seconds,epoch,word,x,y\n";
    for (int f = 0; f < replay.size(); ++f) {
        control.throwIfCancelled();
        const FrameMetrics& metrics = replay.frame(f).metrics;
        const RowMatrixXf positions = replay.positions(f);
        const std::string prefix = std::to_string(f + 1) + ',' +
                                   QByteArray::number(metrics.seconds, 'g', 9).toStdString() + ',' +
                                   std::to_string(metrics.epoch) + ',';
        for (Eigen::Index i = 0; i < positions.rows(); ++i) {
            std::string& out = output.buffer();
            out += prefix;
            out += fields[std::size_t(i)];
            for (Eigen::Index c = 0; c < 2; ++c) {
                out += ',';
                out += QByteArray::number(positions(i, c), 'g', 9).toStdString();
            }
            out += '\n';
        }
        output.flushIfFull();
        control.report(std::uint64_t(f + 1), std::uint64_t(replay.size()));
    }
    output.commit();
}

std::vector<int> animationFrames(int frameCount, double speed) {
    std::vector<int> frames;
    const int step = std::max(1, static_cast<int>(speed));
    for (int f = 0; f < frameCount - 1; f += step)
        frames.push_back(f);
    if (frameCount > 0)
        frames.push_back(frameCount - 1);
    return frames;
}

int animationDelayCentiseconds(double speed) {
    return std::max(2, static_cast<int>(std::lround(5.0 / std::clamp(speed, 0.01, 1.0))));
}

QString sequenceFrameName(int index, int count) {
    const int digits = std::max(4, static_cast<int>(QString::number(count).size()));
    return QStringLiteral("frame_%1.png").arg(index + 1, digits, 10, QLatin1Char('0'));
}

GifWriter::GifWriter(const QString& path, QSize size, int delayCentiseconds)
    : path_(path), size_(size), delay_(delayCentiseconds), output_(path.toStdString()) {
    int error = 0;
    gif_.reset(EGifOpen(&output_, appendToOutput, &error));
    if (!gif_)
        throw Error(fileError(path.toStdString(), GifErrorString(error)));
    ColorMapObject* palette = GifMakeMapObject(256, nullptr);
    if (!palette)
        throw Error(fileError(path.toStdString(), "out of memory for the GIF palette"));
    for (int r = 0; r < kRedLevels; ++r)
        for (int g = 0; g < kGreenLevels; ++g)
            for (int b = 0; b < kBlueLevels; ++b) {
                GifColorType& colour = palette->Colors[(r * kGreenLevels + g) * kBlueLevels + b];
                colour.Red = GifByteType(levelValue(r, kRedLevels));
                colour.Green = GifByteType(levelValue(g, kGreenLevels));
                colour.Blue = GifByteType(levelValue(b, kBlueLevels));
            }
    EGifSetGifVersion(gif_.get(), true);  // GIF89a: frame delays and looping
    const int described = EGifPutScreenDesc(gif_.get(), size.width(), size.height(), 8, 0, palette);
    GifFreeMapObject(palette);
    check(described, "screen description");
    // NETSCAPE2.0 application extension: loop forever.
    static const GifByteType kNetscape[] = "NETSCAPE2.0";
    static const GifByteType kLoopForever[] = {1, 0, 0};
    check(EGifPutExtensionLeader(gif_.get(), APPLICATION_EXT_FUNC_CODE), "loop extension");
    check(EGifPutExtensionBlock(gif_.get(), 11, kNetscape), "loop extension");
    check(EGifPutExtensionBlock(gif_.get(), 3, kLoopForever), "loop extension");
    check(EGifPutExtensionTrailer(gif_.get()), "loop extension");
    line_.resize(std::size_t(size.width()));
}

void GifWriter::Closer::operator()(GifFileType* gif) const {
    int error = 0;
    EGifCloseFile(gif, &error);
}

void GifWriter::check(int result, const char* what) {
    if (result != GIF_OK)
        throw Error(fileError(path_.toStdString(), std::string("cannot write the GIF's ") + what +
                                                       ": " + GifErrorString(gif_->Error)));
}

void GifWriter::addFrame(const QImage& image) {
    QImage frame = image.size() == size_ ? image : image.scaled(size_);
    frame = frame.convertToFormat(QImage::Format_RGB32);
    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.UserInputFlag = false;
    control.DelayTime = delay_;
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    EGifGCBToExtension(&control, extension);
    check(EGifPutExtension(gif_.get(), GRAPHICS_EXT_FUNC_CODE, 4, extension), "frame delay");
    check(EGifPutImageDesc(gif_.get(), 0, 0, size_.width(), size_.height(), false, nullptr),
          "frame description");
    for (int y = 0; y < size_.height(); ++y) {
        const auto* pixels = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
        for (int x = 0; x < size_.width(); ++x)
            line_[std::size_t(x)] = paletteIndex(pixels[x]);
        check(EGifPutLine(gif_.get(), line_.data(), size_.width()), "pixels");
    }
}

void GifWriter::commit() {
    int error = 0;
    if (EGifCloseFile(gif_.release(), &error) != GIF_OK)
        throw Error(fileError(path_.toStdString(),
                              std::string("cannot finish the GIF: ") + GifErrorString(error)));
    output_.commit();
}

WebpWriter::WebpWriter(const QString& path, QSize size, int frameMilliseconds)
    : path_(path), size_(size), frameMs_(frameMilliseconds), output_(path.toStdString()) {
    WebPAnimEncoderOptions options;
    if (!WebPAnimEncoderOptionsInit(&options))
        fail("libwebp's version does not match its headers");
    options.anim_params.loop_count = 0;  // forever
    options.anim_params.bgcolor = 0xFFFFFFFF;
    encoder_.reset(WebPAnimEncoderNew(size.width(), size.height(), &options));
    if (!encoder_)
        fail("cannot make a WebP encoder for " + std::to_string(size.width()) + " x " +
             std::to_string(size.height()) + " frames");
}

void WebpWriter::Deleter::operator()(WebPAnimEncoder* encoder) const {
    WebPAnimEncoderDelete(encoder);
}

void WebpWriter::fail(const std::string& what) const {
    throw Error(fileError(path_.toStdString(), "cannot write the WebP: " + what));
}

void WebpWriter::addFrame(const QImage& image) {
    QImage frame = image.size() == size_ ? image : image.scaled(size_);
    // Bytes R, G, B, A in memory, as WebPPictureImportRGBA reads them.
    frame = frame.convertToFormat(QImage::Format_RGBA8888);
    WebPConfig config;
    // Level 1 of 0-9: a fast lossless effort (a 1,000-frame replay stays an export of seconds).
    if (!WebPConfigInit(&config) || !WebPConfigLosslessPreset(&config, 1))
        fail("cannot set up the encoder");
    WebPPicture picture;
    if (!WebPPictureInit(&picture))
        fail("cannot set up a picture");
    picture.use_argb = 1;
    picture.width = size_.width();
    picture.height = size_.height();
    const bool imported =
        WebPPictureImportRGBA(&picture, frame.constBits(), int(frame.bytesPerLine())) != 0;
    const bool added =
        imported && WebPAnimEncoderAdd(encoder_.get(), &picture, timestampMs_, &config) != 0;
    WebPPictureFree(&picture);
    if (!added)
        fail(imported ? std::string(WebPAnimEncoderGetError(encoder_.get()))
                      : std::string("out of memory for a frame"));
    timestampMs_ += frameMs_;
}

void WebpWriter::commit() {
    // A last call without a picture gives the final frame its duration.
    if (!WebPAnimEncoderAdd(encoder_.get(), nullptr, timestampMs_, nullptr))
        fail(WebPAnimEncoderGetError(encoder_.get()));
    WebPData data;
    WebPDataInit(&data);
    if (!WebPAnimEncoderAssemble(encoder_.get(), &data))
        fail(WebPAnimEncoderGetError(encoder_.get()));
    output_.buffer().append(reinterpret_cast<const char*>(data.bytes), data.size);
    WebPDataClear(&data);
    encoder_.reset();
    output_.commit();
}

}  // namespace embedscope
