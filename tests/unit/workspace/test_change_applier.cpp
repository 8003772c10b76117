// ChangeApplier: create / modify / delete inside the workspace, every way out of it refused, and
// all-or-nothing application.
#include "workspace/ChangeApplier.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace necrocode;

class TestChangeApplier : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_workspace;
    std::unique_ptr<QTemporaryDir> m_outside;

    QString path(const QString &relative) const { return m_workspace->filePath(relative); }

    void write(const QString &relative, const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(path(relative)).path());
        QFile file(path(relative));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }

    QByteArray read(const QString &absolute) const
    {
        QFile file(absolute);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
    }

    static CodeChange change(ChangeOperation operation, const QString &file,
                             const QString &content = {})
    {
        return CodeChange{file, operation, content};
    }

    // Every file and directory below the workspace, relative, sorted.
    QStringList tree() const
    {
        QStringList entries;
        QDir root(m_workspace->path());
        const QFileInfoList infos = root.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot |
                                                       QDir::Hidden | QDir::System);
        QList<QFileInfo> pending(infos.begin(), infos.end());
        while (!pending.isEmpty()) {
            const QFileInfo info = pending.takeFirst();
            entries.append(root.relativeFilePath(info.filePath()));
            if (info.isDir() && !info.isSymLink()) {
                const QFileInfoList children =
                    QDir(info.filePath())
                        .entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden |
                                       QDir::System);
                pending.append(children);
            }
        }
        entries.sort();
        return entries;
    }

private Q_SLOTS:
    void init()
    {
        m_workspace = std::make_unique<QTemporaryDir>();
        m_outside = std::make_unique<QTemporaryDir>();
        QVERIFY(m_workspace->isValid() && m_outside->isValid());
        QDir(m_workspace->path()).mkdir(QStringLiteral(".git"));
        write(QStringLiteral("README.md"), "readme\n");
        write(QStringLiteral("src/main.cpp"), "int main() {}\n");
        write(QStringLiteral("old.txt"), "old\n");
    }

    void createsModifiesAndDeletes()
    {
        QFile::setPermissions(path(QStringLiteral("src/main.cpp")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const auto applied =
            ChangeApplier(m_workspace->path())
                .apply({change(ChangeOperation::Create, QStringLiteral("src/models/user.py"),
                               "class User: pass\n"),
                        change(ChangeOperation::Modify, QStringLiteral("./src//main.cpp"),
                               "int main() { return 0; }\n"),
                        change(ChangeOperation::Delete, QStringLiteral("old.txt"))});
        QVERIFY2(applied.ok(), qPrintable(applied.errorMessage()));
        QCOMPARE(applied->filesChanged,
                 QStringList({"src/models/user.py", "src/main.cpp", "old.txt"}));
        QCOMPARE(applied->created, QStringList{"src/models/user.py"});
        QCOMPARE(applied->modified, QStringList{"src/main.cpp"});
        QCOMPARE(applied->deleted, QStringList{"old.txt"});
        QCOMPARE(read(path(QStringLiteral("src/models/user.py"))),
                 QByteArray("class User: pass\n"));
        QCOMPARE(read(path(QStringLiteral("src/main.cpp"))),
                 QByteArray("int main() { return 0; }\n"));
        QVERIFY(!QFile::exists(path(QStringLiteral("old.txt"))));
        QVERIFY(QFile::permissions(path(QStringLiteral("src/main.cpp"))) & QFile::ExeOwner);
    }

    void escapesAreRefused_data()
    {
        QTest::addColumn<int>("operation");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reason");
        const int create = int(ChangeOperation::Create);
        const int modify = int(ChangeOperation::Modify);
        QTest::newRow("parent") << create << "../outside.txt"
                                << "leaves the workspace";
        QTest::newRow("nested parent") << create << "src/../../outside.txt"
                                       << "leaves the workspace";
        QTest::newRow("absolute") << create << "/tmp/necro-absolute.txt"
                                  << "absolute";
        QTest::newRow("git hooks") << create << ".git/hooks/pre-commit"
                                   << ".git";
        QTest::newRow("git upper case") << create << "src/.GIT/config"
                                        << ".git";
        QTest::newRow("dir link out") << create << "link/x.txt"
                                      << "outside the workspace";
        QTest::newRow("deep dir link out") << create << "link/sub/x.txt"
                                           << "outside the workspace";
        QTest::newRow("file link out") << modify << "filelink"
                                       << "symbolic link";
        QTest::newRow("link into .git") << create << "gitlink/hooks/post-checkout"
                                        << ".git";
        QTest::newRow("dangling link") << create << "dangling/x.txt"
                                       << "symbolic link to nothing";
        QTest::newRow("file as directory") << create << "README.md/x.txt"
                                           << "not a directory";
    }

    void escapesAreRefused()
    {
        QFETCH(int, operation);
        QFETCH(QString, file);
        QFETCH(QString, reason);
        QFile outsideFile(m_outside->filePath(QStringLiteral("target.txt")));
        QVERIFY(outsideFile.open(QIODevice::WriteOnly));
        outsideFile.write("outside\n");
        outsideFile.close();
        QVERIFY(QFile::link(m_outside->path(), path(QStringLiteral("link"))));
        QVERIFY(QFile::link(outsideFile.fileName(), path(QStringLiteral("filelink"))));
        QVERIFY(QFile::link(path(QStringLiteral(".git")), path(QStringLiteral("gitlink"))));
        QVERIFY(QFile::link(m_outside->filePath(QStringLiteral("gone")),
                            path(QStringLiteral("dangling"))));
        const QStringList before = tree();

        const auto applied = ChangeApplier(m_workspace->path())
                                 .apply({change(ChangeOperation(operation), file, "pwned\n")});
        QVERIFY(!applied.ok());
        QCOMPARE(applied.error().kind, QStringLiteral("workspace"));
        QVERIFY2(applied.errorMessage().contains(reason), qPrintable(applied.errorMessage()));
        QVERIFY2(applied.errorMessage().startsWith(QStringLiteral("change 1 (")),
                 qPrintable(applied.errorMessage()));
        QCOMPARE(tree(), before);
        QCOMPARE(read(outsideFile.fileName()), QByteArray("outside\n"));
        QCOMPARE(QDir(m_outside->path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 QStringList{"target.txt"});
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/necro-absolute.txt")));
    }

    void aLinkThatStaysInsideMayBeFollowed()
    {
        QVERIFY(QFile::link(path(QStringLiteral("src")), path(QStringLiteral("srclink"))));
        const auto applied = ChangeApplier(m_workspace->path())
                                 .apply({change(ChangeOperation::Create,
                                                QStringLiteral("srclink/extra.cpp"), "x\n")});
        QVERIFY2(applied.ok(), qPrintable(applied.errorMessage()));
        QCOMPARE(read(path(QStringLiteral("src/extra.cpp"))), QByteArray("x\n"));
    }

    void aLinkInsideIsNeverWrittenThrough()
    {
        QVERIFY(
            QFile::link(path(QStringLiteral("README.md")), path(QStringLiteral("readme-link"))));
        const auto applied =
            ChangeApplier(m_workspace->path())
                .apply({change(ChangeOperation::Modify, QStringLiteral("readme-link"), "x\n")});
        QVERIFY(!applied.ok());
        QVERIFY(applied.errorMessage().contains(QStringLiteral("symbolic link")));
        QCOMPARE(read(path(QStringLiteral("README.md"))), QByteArray("readme\n"));
    }

    void operationsNeedTheRightStartingPoint_data()
    {
        QTest::addColumn<int>("operation");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reason");
        QTest::newRow("create existing") << int(ChangeOperation::Create) << "README.md"
                                         << "exists already";
        QTest::newRow("create over directory") << int(ChangeOperation::Create) << "src"
                                               << "exists already";
        QTest::newRow("modify missing") << int(ChangeOperation::Modify) << "missing.txt"
                                        << "does not exist";
        QTest::newRow("delete missing") << int(ChangeOperation::Delete) << "missing.txt"
                                        << "does not exist";
        QTest::newRow("delete directory") << int(ChangeOperation::Delete) << "src"
                                          << "not a regular file";
    }

    void operationsNeedTheRightStartingPoint()
    {
        QFETCH(int, operation);
        QFETCH(QString, file);
        QFETCH(QString, reason);
        const QStringList before = tree();
        const auto applied = ChangeApplier(m_workspace->path())
                                 .apply({change(ChangeOperation(operation), file, "new\n")});
        QVERIFY(!applied.ok());
        QVERIFY2(applied.errorMessage().contains(reason), qPrintable(applied.errorMessage()));
        QCOMPARE(tree(), before);
        QCOMPARE(read(path(QStringLiteral("README.md"))), QByteArray("readme\n"));
    }

    void aFailingChangeUndoesTheOnesBeforeIt()
    {
        QFile::setPermissions(path(QStringLiteral("README.md")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const QStringList before = tree();
        const auto applied =
            ChangeApplier(m_workspace->path())
                .apply(
                    {change(ChangeOperation::Create, QStringLiteral("new/deep/dir/a.txt"), "a\n"),
                     change(ChangeOperation::Modify, QStringLiteral("README.md"), "changed\n"),
                     change(ChangeOperation::Delete, QStringLiteral("old.txt")),
                     change(ChangeOperation::Create, QStringLiteral("new/deep/b.txt"), "b\n"),
                     change(ChangeOperation::Modify, QStringLiteral("missing.txt"), "x\n")});
        QVERIFY(!applied.ok());
        QVERIFY2(applied.errorMessage().startsWith(QStringLiteral("change 5 (modify missing.txt)")),
                 qPrintable(applied.errorMessage()));
        QVERIFY2(applied.errorMessage().contains(
                     QStringLiteral("4 change(s) applied before it were undone")),
                 qPrintable(applied.errorMessage()));
        QCOMPARE(tree(), before);
        QCOMPARE(read(path(QStringLiteral("README.md"))), QByteArray("readme\n"));
        QCOMPARE(read(path(QStringLiteral("old.txt"))), QByteArray("old\n"));
        QVERIFY(QFile::permissions(path(QStringLiteral("README.md"))) & QFile::ExeOwner);
    }

    void anEscapeLaterInTheSetUndoesEverything()
    {
        const QStringList before = tree();
        const auto applied =
            ChangeApplier(m_workspace->path())
                .apply({change(ChangeOperation::Create, QStringLiteral("pkg/a.txt"), "a\n"),
                        change(ChangeOperation::Create, QStringLiteral("../escape.txt"), "x\n")});
        QVERIFY(!applied.ok());
        QVERIFY(
            applied.errorMessage().startsWith(QStringLiteral("change 2 (create ../escape.txt)")));
        QCOMPARE(tree(), before);
    }

    void theSameFileTwiceIsRefused()
    {
        const QStringList before = tree();
        const auto applied =
            ChangeApplier(m_workspace->path())
                .apply({change(ChangeOperation::Modify, QStringLiteral("README.md"), "a\n"),
                        change(ChangeOperation::Delete, QStringLiteral("./README.md"))});
        QVERIFY(!applied.ok());
        QVERIFY(applied.errorMessage().contains(QStringLiteral("twice")));
        QCOMPARE(tree(), before);
        QCOMPARE(read(path(QStringLiteral("README.md"))), QByteArray("readme\n"));
    }

    void aMissingWorkspaceIsAnError()
    {
        const auto applied =
            ChangeApplier(m_workspace->filePath(QStringLiteral("nope")))
                .apply({change(ChangeOperation::Create, QStringLiteral("a"), "a")});
        QVERIFY(!applied.ok());
        QVERIFY(applied.errorMessage().contains(QStringLiteral("not a directory")));
    }
};

QTEST_GUILESS_MAIN(TestChangeApplier)
#include "test_change_applier.moc"
