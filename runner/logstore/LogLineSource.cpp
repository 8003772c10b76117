#include "logstore/LogLineSource.h"

#include <QFile>

#include <zlib.h>

#include <algorithm>
#include <optional>
#include <utility>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace necrocode {

namespace {

constexpr unsigned kCompressedBufferBytes = 256 * 1024;

QString systemError(const QString &path, int error)
{
    return QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error)));
}

} // namespace

// The open file: a descriptor read through zlib, which passes plain data through unchanged.
struct LogLineSource::Reader
{
    gzFile file = nullptr;
    int descriptor = -1;
    bool compressed = false;
    bool standardInput = false;

    ~Reader()
    {
        if (file)
            gzclose(file); // closes the descriptor too
    }
};

Result<std::unique_ptr<LogLineSource::Reader>> LogLineSource::openReader(const QString &path)
{
    auto reader = std::make_unique<Reader>();
    reader->standardInput = path == QLatin1StringView("-");
    const int descriptor = reader->standardInput
                               ? ::dup(STDIN_FILENO)
                               : ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0)
        return makeError(errno == ENOENT ? QStringLiteral("%1: no such file").arg(path)
                                         : systemError(path, errno),
                         QStringLiteral("io"));
    struct stat info
    {
    };
    if (::fstat(descriptor, &info) == 0 && S_ISDIR(info.st_mode)) {
        ::close(descriptor);
        return makeError(QStringLiteral("%1: is a directory").arg(path), QStringLiteral("io"));
    }
    unsigned char magic[2] = {};
    reader->compressed = S_ISREG(info.st_mode) && ::pread(descriptor, magic, 2, 0) == 2 &&
                         magic[0] == 0x1f && magic[1] == 0x8b;
    reader->file = gzdopen(descriptor, "rb");
    if (!reader->file) {
        ::close(descriptor);
        return makeError(QStringLiteral("%1: cannot be read").arg(path), QStringLiteral("io"));
    }
    reader->descriptor = descriptor;
    gzbuffer(reader->file, kCompressedBufferBytes);
    return reader;
}

LogLineSource::LogLineSource(QString path, Options options)
    : m_path(std::move(path)), m_options(options)
{}

LogLineSource::~LogLineSource() = default;

Result<std::unique_ptr<LogLineSource>> LogLineSource::open(const QString &path, Options options)
{
    options.blockBytes = std::max<qsizetype>(options.blockBytes, 1);
    options.maxLineBytes = std::max<qsizetype>(options.maxLineBytes, 1);
    Result<std::unique_ptr<Reader>> reader = openReader(path);
    if (!reader)
        return reader.error();
    std::unique_ptr<LogLineSource> source(new LogLineSource(path, options));
    source->m_reader = std::move(reader).value();
    return source;
}

bool LogLineSource::isCompressed() const
{
    return m_reader->compressed;
}

Result<qsizetype> LogLineSource::readInto(char *buffer, qsizetype capacity)
{
    // zlib stops at the end it saw last; a followed file may have grown since.
    if (m_options.follow)
        gzclearerr(m_reader->file);
    const int n = gzread(m_reader->file, buffer, unsigned(std::min<qsizetype>(capacity, 1 << 30)));
    int code = Z_OK;
    const char *message = gzerror(m_reader->file, &code);
    // A compressed stream cut short ends with Z_BUF_ERROR after its last bytes.
    if (n < 0 || (n == 0 && code != Z_OK)) {
        if (code == Z_ERRNO)
            return makeError(systemError(m_path, errno), QStringLiteral("read"));
        return makeError(QStringLiteral("%1: damaged compressed data (%2)")
                             .arg(m_path, QString::fromUtf8(message)),
                         QStringLiteral("read"));
    }
    return qsizetype(n);
}

// Following: true when the path now names another file than the one open (renamed away and
// created again), or the open file became shorter than what was read (truncated in place);
// the source then reads the path from its start.
Result<bool> LogLineSource::reopenIfReplaced()
{
    if (m_reader->standardInput)
        return false;
    struct stat onDisk
    {
    };
    struct stat open
    {
    };
    if (::stat(QFile::encodeName(m_path).constData(), &onDisk) != 0 ||
        ::fstat(m_reader->descriptor, &open) != 0)
        return false; // not created again yet: keep reading the old file
    const off_t position = ::lseek(m_reader->descriptor, 0, SEEK_CUR);
    const bool replaced = onDisk.st_ino != open.st_ino || onDisk.st_dev != open.st_dev;
    const bool truncated = !replaced && position >= 0 && open.st_size < position;
    if (!replaced && !truncated)
        return false;
    Result<std::unique_ptr<Reader>> reader = openReader(m_path);
    if (!reader)
        return reader.error();
    m_reader = std::move(reader).value();
    return true;
}

void LogLineSource::recycle(QByteArray &&text)
{
    constexpr std::size_t kMaxSpareBuffers = 16;
    if (m_spareBuffers.size() < kMaxSpareBuffers && !text.isDetached())
        return;
    if (m_spareBuffers.size() < kMaxSpareBuffers)
        m_spareBuffers.push_back(std::move(text));
}

QByteArray LogLineSource::spareBuffer()
{
    if (m_spareBuffers.empty())
        return QByteArray();
    QByteArray buffer = std::move(m_spareBuffers.back());
    m_spareBuffers.pop_back();
    buffer.resize(0); // keeps the capacity
    return buffer;
}

LogLineBlock LogLineSource::takeLines(qsizetype end)
{
    LogLineBlock block;
    block.text = std::move(m_pending);
    m_pending = spareBuffer();
    m_pending.append(block.text.constData() + end, block.text.size() - end);
    block.text.resize(end);
    for (; m_tooLongLinesDue > 0; --m_tooLongLinesDue)
        block.text.prepend("\0\n", 2);
    block.size = block.text.size();
    block.startsFile = std::exchange(m_startsFile, false);
    block.text.append(kPadding, ' ');
    return block;
}

Result<LogLineBlock> LogLineSource::next()
{
    while (!m_ended) {
        const qsizetype start = m_pending.size();
        m_pending.reserve(start + m_options.blockBytes + kPadding);
        m_pending.resize(start + m_options.blockBytes);
        const Result<qsizetype> read = readInto(m_pending.data() + start, m_options.blockBytes);
        if (!read) {
            m_pending.resize(start);
            return read.error();
        }
        m_pending.resize(start + *read);

        if (m_droppingLine) {
            const auto *newline = static_cast<const char *>(
                std::memchr(m_pending.constData(), '\n', m_pending.size()));
            if (newline) {
                m_pending.remove(0, newline - m_pending.constData() + 1);
                m_droppingLine = false;
                ++m_tooLongLinesDue;
            } else {
                m_pending.clear();
            }
        }
        const auto *lastNewline = static_cast<const char *>(
            ::memrchr(m_pending.constData(), '\n', std::size_t(m_pending.size())));
        if (lastNewline) {
            LogLineBlock block = takeLines(lastNewline - m_pending.constData() + 1);
            if (m_pending.size() > m_options.maxLineBytes) {
                m_pending.clear();
                m_droppingLine = true;
            }
            return block;
        }
        if (m_pending.size() > m_options.maxLineBytes) {
            m_pending.clear();
            m_droppingLine = true;
        }
        if (*read > 0)
            continue; // the line goes on
        bool replaced = false;
        if (m_options.follow) {
            const Result<bool> reopened = reopenIfReplaced();
            if (!reopened)
                return reopened.error();
            if (!*reopened)
                return m_tooLongLinesDue > 0 ? takeLines(0) : LogLineBlock();
            replaced = true;
        } else {
            m_ended = true;
        }
        // The old file or the data ended inside a line: it is the last line.
        if (m_droppingLine) {
            m_droppingLine = false;
            ++m_tooLongLinesDue;
        } else if (!m_pending.isEmpty()) {
            m_pending.append('\n');
        }
        std::optional<LogLineBlock> last;
        if (m_tooLongLinesDue > 0 || !m_pending.isEmpty())
            last = takeLines(m_pending.size());
        m_startsFile = replaced;
        if (last)
            return std::move(*last);
    }
    return LogLineBlock();
}

} // namespace necrocode
