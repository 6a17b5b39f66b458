// Corpus & Vocabulary: what was loaded (name, tokens, vocabulary size, warnings), the tokenizer
// and vocabulary options with "Reload" applying them, the load progress with Cancel, and the
// vocabulary table with a filter.
#pragma once

#include <QWidget>

#include <memory>

#include "TokenizedCorpus.h"
#include "VectorSource.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace embedscope {

class VocabularyModel;

class CorpusPanel : public QWidget {
    Q_OBJECT
public:
    explicit CorpusPanel(QWidget* parent = nullptr);

    void setCorpus(std::shared_ptr<const TokenizedCorpus> corpus, const QString& displayName);
    // The summary shown above the table (rich text): name, counts, size and storage mode.
    QString summaryText() const;
    // A vector file's words instead of a corpus (displayName: its path).
    void setVectors(std::shared_ptr<const VectorSource> vectors, const QString& displayName);
    CorpusOptions corpusOptions() const;
    void setCorpusOptions(const CorpusOptions& options);

    void setLoading(bool loading, const QString& path = {});
    void setLoadProgress(double fraction);
    bool isLoadingShown() const;

    VocabularyModel* model() const { return model_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    void setFilterText(const QString& text);
    // Scrolls to and selects the word's row (if not filtered out).
    void showRow(int vocabularyRow);

signals:
    void openRequested();
    void reloadRequested();
    void cancelRequested();
    void wordActivated(int vocabularyRow);

private:
    QLabel* summary_;
    QComboBox* mode_;
    QCheckBox* lowercase_;
    QCheckBox* apostrophes_;
    QCheckBox* hyphens_;
    QCheckBox* digits_;
    QCheckBox* normalize_;
    QSpinBox* minCount_;
    QSpinBox* maxSize_;
    QPushButton* reload_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLineEdit* filter_;
    QTableView* table_;
    VocabularyModel* model_;
    QSortFilterProxyModel* proxy_;
};

}  // namespace embedscope
