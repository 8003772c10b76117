// writeFileAtomically(): new and replaced files, the permissions they get, a symbolic link
// replaced rather than written through, and a failure that names the file and leaves nothing.
#include "workspace/AtomicFileWrite.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace necrocode;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

mode_t umaskNow()
{
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}

mode_t modeOf(const QString &path)
{
    struct stat info
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode & 07777 : 0;
}

} // namespace

class TestAtomicFileWrite : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QStringList entries() const
    {
        return QDir(m_dir.path())
            .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    }

private Q_SLOTS:
    void cleanup()
    {
        for (const QString &name : entries())
            QFile::remove(m_dir.filePath(name));
    }

    void aNewFileGetsTheDefaultPermissions()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.txt"));
        QVERIFY(writeFileAtomically(path, "hello\n").ok());
        QCOMPARE(readFile(path), QByteArray("hello\n"));
        QCOMPARE(modeOf(path), mode_t(0666 & ~umaskNow()));
        QCOMPARE(entries(), QStringList{QStringLiteral("new.txt")});
    }

    void aReplacedFileKeepsItsPermissions()
    {
        const QString path = m_dir.filePath(QStringLiteral("run.sh"));
        QVERIFY(writeFileAtomically(path, "old\n").ok());
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0750) == 0);
        QVERIFY(writeFileAtomically(path, "new\n").ok());
        QCOMPARE(readFile(path), QByteArray("new\n"));
        QCOMPARE(modeOf(path), mode_t(0750));
    }

    void givenPermissionsAreApplied()
    {
        const QString path = m_dir.filePath(QStringLiteral("tool"));
        QVERIFY(writeFileAtomically(path, "#!/bin/sh\n",
                                    QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)
                    .ok());
        QCOMPARE(modeOf(path), mode_t(0700));
    }

    void aLinkIsReplacedNotWrittenThrough()
    {
        const QString outside = m_dir.filePath(QStringLiteral("outside.txt"));
        QVERIFY(writeFileAtomically(outside, "keep me\n").ok());
        const QString link = m_dir.filePath(QStringLiteral("link.txt"));
        QVERIFY(QFile::link(outside, link));
        QVERIFY(writeFileAtomically(link, "written\n").ok());
        QCOMPARE(readFile(outside), QByteArray("keep me\n"));
        QVERIFY(!QFileInfo(link).isSymLink());
        QCOMPARE(readFile(link), QByteArray("written\n"));
    }

    void aFailureNamesTheFileAndLeavesNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("missing-dir/file.txt"));
        const Status written = writeFileAtomically(path, "x");
        QVERIFY(!written.ok());
        QVERIFY2(written.errorMessage().contains(path), qPrintable(written.errorMessage()));
        QVERIFY2(written.errorMessage().contains(QStringLiteral("No such file")),
                 qPrintable(written.errorMessage()));

        const QString directory = m_dir.filePath(QStringLiteral("a-directory"));
        QVERIFY(QDir().mkpath(directory + QStringLiteral("/inside")));
        QVERIFY(!writeFileAtomically(directory, "x").ok());
        QVERIFY(QFileInfo(directory).isDir());
        QCOMPARE(entries(), QStringList{QStringLiteral("a-directory")});
        QDir(directory).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TestAtomicFileWrite)
#include "test_atomic_file_write.moc"
