#include "workspace/AtomicFileWrite.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace necrocode {

namespace {

Error writeError(const QString &path, int error)
{
    return makeError(QStringLiteral("cannot write %1: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(error))),
                     QStringLiteral("workspace"));
}

mode_t modeOf(QFileDevice::Permissions permissions)
{
    static constexpr std::pair<QFileDevice::Permission, mode_t> bits[] = {
        {QFileDevice::ReadOwner, S_IRUSR},  {QFileDevice::WriteOwner, S_IWUSR},
        {QFileDevice::ExeOwner, S_IXUSR},   {QFileDevice::ReadGroup, S_IRGRP},
        {QFileDevice::WriteGroup, S_IWGRP}, {QFileDevice::ExeGroup, S_IXGRP},
        {QFileDevice::ReadOther, S_IROTH},  {QFileDevice::WriteOther, S_IWOTH},
        {QFileDevice::ExeOther, S_IXOTH}};
    mode_t mode = 0;
    for (const auto &[permission, bit] : bits)
        if (permissions.testFlag(permission))
            mode |= bit;
    return mode;
}

bool writeAll(int fd, const QByteArray &content)
{
    qsizetype done = 0;
    while (done < content.size()) {
        const ssize_t written =
            ::write(fd, content.constData() + done, size_t(content.size() - done));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        done += written;
    }
    return true;
}

} // namespace

Status writeFileAtomically(const QString &path, const QByteArray &content,
                           QFileDevice::Permissions permissions)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temporary =
        target + ".necrocode-" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return writeError(path, errno);
    struct stat replaced
    {
    };
    std::optional<mode_t> mode;
    if (permissions)
        mode = modeOf(permissions);
    else if (::lstat(target.constData(), &replaced) == 0 && S_ISREG(replaced.st_mode))
        mode = replaced.st_mode & 07777;
    const bool written = writeAll(fd, content) && (!mode || ::fchmod(fd, *mode) == 0);
    const int writeErrno = errno;
    if (::close(fd) != 0 || !written || ::rename(temporary.constData(), target.constData()) != 0) {
        const int error = written ? errno : writeErrno;
        ::unlink(temporary.constData());
        return writeError(path, error);
    }
    return Ok{};
}

} // namespace necrocode
